package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection handling and the server-side counters: keep-alive, pipelining, HEAD, close, shutdown. */
class HttpTestbedConnectionTest {
    private HttpTestbed testbed;

    @BeforeEach
    void start() {
        testbed = HttpTestbed.start(HttpTestbedConfig.defaults());
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void keepAliveServesTwoRequestsOnOneConnection() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/bytes/100");
            Response first = client.readResponse(false);
            client.send("GET", "/gzip/100");
            Response second = client.readResponse(false);

            assertArrayEquals(HttpTestbedContent.body(100), first.body());
            assertArrayEquals(HttpTestbedContent.body(100), second.decodedBody());
        }
        assertEquals(1, testbed.connectionsAccepted());
        assertEquals(2, testbed.requestsServed());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            // The first answer is the slowest, so answering as soon as ready would reorder them.
            client.sendRaw(client.request("GET", "/delay/150/10")
                    + client.request("GET", "/chunked/20/3")
                    + client.request("GET", "/status/201"));

            Response first = client.readResponse(false);
            Response second = client.readResponse(false);
            Response third = client.readResponse(false);

            assertArrayEquals(HttpTestbedContent.body(10), first.body());
            assertArrayEquals(HttpTestbedContent.body(20), second.body());
            assertEquals(201, third.status());
        }
        assertEquals(1, testbed.connectionsAccepted());
        assertEquals(3, testbed.requestsServed());
    }

    @Test
    void connectionCloseFromTheClientIsHonoured() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/bytes/10", "Connection: close");
            Response response = client.readResponse(false);

            assertEquals("close", response.header("Connection"));
            assertArrayEquals(HttpTestbedContent.body(10), response.body());
            assertEquals(-1, client.input().read());
        }
    }

    @Test
    void http10RequestWithoutKeepAliveIsClosedAfterTheAnswer() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.sendRaw("GET /bytes/10 HTTP/1.0\r\n\r\n");
            Response response = client.readResponse(false);

            assertArrayEquals(HttpTestbedContent.body(10), response.body());
            assertEquals(-1, client.input().read());
        }
    }

    @Test
    void headReturnsTheSameHeadersWithoutABody() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("HEAD", "/bytes/100");
            Response fixed = client.readResponse(true);
            client.send("HEAD", "/gzip-chunked/100/10");
            Response chunked = client.readResponse(true);
            // Any stray body byte of the HEAD answers would corrupt this one.
            client.send("GET", "/bytes/5");
            Response next = client.readResponse(false);

            assertEquals("100", fixed.header("Content-Length"));
            assertEquals("chunked", chunked.header("Transfer-Encoding"));
            assertEquals("gzip", chunked.header("Content-Encoding"));
            assertEquals("HTTP/1.1 200 OK", next.head().statusLine());
            assertArrayEquals(HttpTestbedContent.body(5), next.body());
        }
    }

    @Test
    void halfClosedClientStillGetsItsAnswer() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/bytes/300");
            client.socket().shutdownOutput();
            Response response = client.readResponse(false);

            assertArrayEquals(HttpTestbedContent.body(300), response.body());
            assertEquals(-1, client.input().read());
        }
    }

    @Test
    void malformedRequestGetsABadRequestAndAClose() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.sendRaw("NONSENSE\r\n\r\n");
            Response response = client.readResponse(false);

            assertEquals(400, response.status());
            assertEquals(-1, client.input().read());
        }
    }

    @Test
    void countersTrackOpenAndPeakConnections() throws IOException {
        HttpTestbedRawClient[] clients = new HttpTestbedRawClient[3];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = HttpTestbedRawClient.connect(testbed);
            clients[i].send("GET", "/bytes/1");
            clients[i].readResponse(false);
        }

        assertEquals(3, testbed.connectionsAccepted());
        assertEquals(3, testbed.openConnections());
        assertEquals(3, testbed.maxOpenConnections());
        assertEquals(3, testbed.requestsServed());
        for (HttpTestbedRawClient client : clients) {
            client.close();
        }
        testbed.close();
        assertEquals(0, testbed.openConnections());
        assertEquals(3, testbed.maxOpenConnections());
    }

    @Test
    void closeDropsOpenConnectionsAndFreesThePort() throws IOException {
        int port = testbed.port();
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/bytes/1");
            client.readResponse(false);
            client.send("GET", "/hang");
            testbed.close();

            assertEquals(0, testbed.openConnections());
            // FIN, or RST if the server closed before reading the request: the kernel resets a socket closed
            // with unread input. Either way the connection is over, not left hanging.
            try {
                assertEquals(-1, client.input().read());
            } catch (SocketException reset) {
                assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());
            }
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        try (ServerSocket rebound = new ServerSocket()) {
            rebound.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void defaultsBindAnEphemeralLoopbackPort() {
        HttpTestbedConfig config = HttpTestbedConfig.builder().build();

        assertEquals("127.0.0.1", config.host());
        assertEquals(0, config.port());
        assertEquals(1, config.eventLoopThreads());
        assertEquals("127.0.0.1", testbed.address().getAddress().getHostAddress());
        assertEquals("http://127.0.0.1:" + testbed.port(), testbed.baseUrl());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> HttpTestbedConfig.builder().port(70_000).build());
        assertThrows(IllegalArgumentException.class, () -> HttpTestbedConfig.builder().host(" ").build());
        assertThrows(IllegalArgumentException.class, () -> HttpTestbedConfig.builder().eventLoopThreads(0).build());
    }
}
