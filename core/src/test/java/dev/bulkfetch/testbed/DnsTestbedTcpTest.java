package dev.bulkfetch.testbed;

import static dev.bulkfetch.testbed.DnsTestbedProbe.A;
import static dev.bulkfetch.testbed.DnsTestbedProbe.AAAA;
import static dev.bulkfetch.testbed.DnsTestbedProbe.PTR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.DnsTestbedProbe.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/** DNS over TCP: length framing, several and pipelined queries per connection, idle and bad connections closed. */
class DnsTestbedTcpTest {

    private DnsTestbed dns;

    @BeforeEach
    void start() {
        dns = DnsTestbed.start(DnsTestbedConfig.builder().tcpIdleTimeout(Duration.ofMillis(300)).build());
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void twoPipelinedQueriesAreAnsweredInOrder() throws IOException {
        List<Reply> replies = DnsTestbedProbe.askTcp(dns.address(),
                DnsTestbedProbe.query(1, "one.bulkfetch.test", A),
                DnsTestbedProbe.query(2, "two.bulkfetch.test", AAAA));

        assertEquals(1, replies.get(0).id());
        assertEquals(List.of("127.0.0.1"), replies.get(0).answerData());
        assertEquals(2, replies.get(1).id());
        assertEquals(List.of("0:0:0:0:0:0:0:1"), replies.get(1).answerData());
        assertEquals(2, dns.tcpQueries());
    }

    @Test
    void oneConnectionCarriesQueryAfterQuery() throws IOException {
        try (Socket tcp = connect()) {
            for (int id = 0; id < 5; id++) {
                write(tcp, DnsTestbedProbe.query(id, "2.1.18.198.in-addr.arpa", PTR));
                Reply reply = DnsTestbedProbe.readFrame(tcp.getInputStream());
                assertEquals(id, reply.id());
                assertEquals(List.of("198-18-1-2.v4.bulkfetch.test."), reply.answerData());
            }
        }
    }

    @Test
    void queryWrittenByteByByteIsReassembled() throws IOException {
        try (Socket tcp = connect()) {
            byte[] query = DnsTestbedProbe.query(3, "slow.bulkfetch.test", A);
            byte[] framed = frame(query);
            OutputStream out = tcp.getOutputStream();
            for (byte b : framed) {
                out.write(b);
                out.flush();
            }
            assertEquals(3, DnsTestbedProbe.readFrame(tcp.getInputStream()).id());
        }
    }

    @Test
    void idleConnectionIsClosedByTheServer() throws IOException {
        try (Socket tcp = connect()) {
            // Blocks until the server's idle timeout closes the connection (or the 5 s socket timeout fails it).
            assertEquals(-1, tcp.getInputStream().read());
        }
    }

    @Test
    void undecodableFrameClosesOnlyThatConnection() throws IOException {
        try (Socket bad = connect()) {
            write(bad, new byte[] {1, 2, 3});
            assertEquals(-1, bad.getInputStream().read());
        }
        assertEquals(1, dns.malformed());
        Reply reply = DnsTestbedProbe.askTcp(dns.address(), DnsTestbedProbe.query(4, "www.bulkfetch.test", A)).get(0);
        assertEquals(4, reply.id());
    }

    @Test
    void tcpRepliesAreNeverTruncated() throws IOException {
        Reply reply = DnsTestbedProbe.askTcp(dns.address(),
                DnsTestbedProbe.query(5, "big-200.bulkfetch.test", DnsTestbedProbe.TXT)).get(0);

        assertFalse(reply.tc());
        assertEquals(200, reply.answers().size());
        assertTrue(reply.size() > 4096);
    }

    private Socket connect() throws IOException {
        Socket tcp = new Socket();
        tcp.connect(dns.address(), 2000);
        tcp.setSoTimeout(5000);
        return tcp;
    }

    private static void write(Socket tcp, byte[] message) throws IOException {
        tcp.getOutputStream().write(frame(message));
        tcp.getOutputStream().flush();
    }

    private static byte[] frame(byte[] message) {
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >>> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        return framed;
    }
}
