package dev.bulkfetch.testbed;

import static dev.bulkfetch.testbed.DnsTestbedProbe.A;
import static dev.bulkfetch.testbed.DnsTestbedProbe.TXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

/** Starting, counting, surviving garbage and closing. */
class DnsTestbedLifecycleTest {

    @Test
    void listensOnLoopbackWithUdpAndTcpOnOnePort() throws IOException {
        try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.defaults());
             DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            assertEquals(InetAddress.getLoopbackAddress(), dns.address().getAddress());
            assertTrue(dns.port() > 0);
            assertEquals(dns.port(), dns.address().getPort());
            assertEquals(1, probe.ask(DnsTestbedProbe.query(1, "www.bulkfetch.test", A)).id());
            assertEquals(2, DnsTestbedProbe.askTcp(dns.address(), DnsTestbedProbe.query(2, "www.bulkfetch.test", A))
                    .get(0).id());
        }
    }

    @Test
    void malformedDatagramsAreIgnoredAndTheNextQueryIsAnswered() throws IOException {
        try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.defaults());
             DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            byte[] response = DnsTestbedProbe.query(1, "www.bulkfetch.test", A);
            response[2] |= (byte) 0x80; // QR: a response is not a query
            byte[] noQuestion = Arrays.copyOf(DnsTestbedProbe.query(2, "www.bulkfetch.test", A), 12);
            noQuestion[5] = 0;
            byte[] cutShort = Arrays.copyOf(DnsTestbedProbe.query(3, "www.bulkfetch.test", A), 20);

            probe.send(new byte[] {0x13, 0x37, 0x00});
            probe.send(response);
            probe.send(noQuestion);
            probe.send(cutShort);

            // Replies come in order: an answer to this query means every datagram before it was handled.
            assertEquals(4, probe.ask(DnsTestbedProbe.query(4, "www.bulkfetch.test", A)).id());
            assertEquals(4, dns.malformed());
            assertEquals(1, dns.udpQueries());
            assertEquals(1, dns.answered());
        }
    }

    @Test
    void countersAddUpAcrossTransports() throws IOException {
        try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.defaults());
             DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            for (int i = 0; i < 10; i++) {
                probe.ask(DnsTestbedProbe.query(i, "n" + i + ".bulkfetch.test", A));
            }
            probe.ask(DnsTestbedProbe.query(10, "big-50.bulkfetch.test", TXT));
            DnsTestbedProbe.askTcp(dns.address(),
                    DnsTestbedProbe.query(11, "a.bulkfetch.test", A),
                    DnsTestbedProbe.query(12, "big-50.bulkfetch.test", TXT));

            assertEquals(11, dns.udpQueries());
            assertEquals(2, dns.tcpQueries());
            assertEquals(13, dns.answered());
            assertEquals(1, dns.truncated());
            assertEquals(0, dns.dropped());
            assertEquals(0, dns.malformed());
        }
    }

    @Test
    void closeFreesThePortForUdpAndTcp() throws IOException {
        DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.defaults());
        InetSocketAddress address = dns.address();

        dns.close();
        dns.close(); // idempotent

        try (DatagramSocket udp = new DatagramSocket(address);
             ServerSocket tcp = new ServerSocket(address.getPort(), 1, address.getAddress())) {
            assertEquals(address.getPort(), udp.getLocalPort());
            assertEquals(address.getPort(), tcp.getLocalPort());
        }
    }

    @Test
    void fixedPortAlreadyTakenFailsWithAClearError() {
        try (DnsTestbed first = DnsTestbed.start(DnsTestbedConfig.defaults())) {
            DnsTestbedConfig same = DnsTestbedConfig.builder().port(first.port()).build();

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DnsTestbed.start(same));

            assertTrue(e.getMessage().contains("port " + first.port()), e.getMessage());
        }
    }

    @Test
    void fixedPortWhoseTcpIsTakenFailsAndLetsGoOfUdp() throws IOException {
        int port;
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = squatter.getLocalPort();
            DnsTestbedConfig fixed = DnsTestbedConfig.builder().port(port).build();

            assertThrows(IllegalStateException.class, () -> DnsTestbed.start(fixed));
        }
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertEquals(port, udp.getLocalPort(), "the UDP socket bound before TCP failed was closed");
        }
    }

    @Test
    void severalEventLoopsShareThePort() throws IOException {
        DnsTestbedConfig config = DnsTestbedConfig.builder().eventLoopThreads(2).build();
        try (DnsTestbed dns = DnsTestbed.start(config)) {
            for (int client = 0; client < 8; client++) {
                try (DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
                    assertEquals(client, probe.ask(DnsTestbedProbe.query(client, "www.bulkfetch.test", A)).id());
                }
            }
            assertEquals(8, dns.udpQueries());
        }
    }
}
