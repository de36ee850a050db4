package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One testbed on several loopback addresses at one port, so URLs of distinct IPs reach one server. */
class HttpTestbedBindAddressesTest {

    @Test
    void listensOnEveryBindAddressAtOnePort() throws IOException {
        HttpTestbedConfig config = HttpTestbedConfig.builder().bindAddresses(List.of("127.0.0.1", "127.0.0.2")).build();
        try (HttpTestbed testbed = HttpTestbed.start(config)) {
            int port = testbed.port();

            assertEquals(List.of(new InetSocketAddress("127.0.0.1", port), new InetSocketAddress("127.0.0.2", port)),
                    testbed.addresses());
            for (String address : List.of("127.0.0.1", "127.0.0.2")) {
                try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(new InetSocketAddress(address, port))) {
                    client.sendRaw("GET /page/a HTTP/1.0\r\n\r\n");
                    Response response = client.readResponse(false);

                    assertEquals("bulkfetch testbed page\nhost: " + address + "\npath: /page/a\n", response.text());
                }
            }
            assertEquals(List.of("127.0.0.1", "127.0.0.2"),
                    testbed.arrivals().stream().map(HttpTestbedArrival::localAddress).toList());
        }
    }

    @Test
    void aTakenPortOnAFixedPortIsABindError() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.3", 0));
            HttpTestbedConfig config = HttpTestbedConfig.builder().port(taken.getLocalPort())
                    .bindAddresses(List.of("127.0.0.1", "127.0.0.3")).build();

            assertThrows(UncheckedIOException.class, () -> HttpTestbed.start(config).close());
        }
    }

    @Test
    void closingFreesThePortOnEveryAddress() throws IOException {
        HttpTestbedConfig config = HttpTestbedConfig.builder().bindAddresses(List.of("127.0.0.1", "127.0.0.4")).build();
        HttpTestbed testbed = HttpTestbed.start(config);
        int port = testbed.port();
        testbed.close();

        for (String address : List.of("127.0.0.1", "127.0.0.4")) {
            try (ServerSocket rebound = new ServerSocket()) {
                rebound.bind(new InetSocketAddress(address, port));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "::1", "localhost", "128.0.0.1", "127.0.0", ""})
    void addressesOutsideLoopbackV4AreRejected(String address) {
        assertThrows(IllegalArgumentException.class,
                () -> HttpTestbedConfig.builder().bindAddresses(List.of("127.0.0.1", address)).build());
    }

    @Test
    void noOrRepeatedAddressesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> HttpTestbedConfig.builder().bindAddresses(List.of()).build());
        assertThrows(IllegalArgumentException.class,
                () -> HttpTestbedConfig.builder().bindAddresses(List.of("127.0.0.2", "127.0.0.2")).build());
    }
}
