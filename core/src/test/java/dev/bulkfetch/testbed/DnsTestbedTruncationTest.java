package dev.bulkfetch.testbed;

import static dev.bulkfetch.testbed.DnsTestbedProbe.NOERROR;
import static dev.bulkfetch.testbed.DnsTestbedProbe.OPT;
import static dev.bulkfetch.testbed.DnsTestbedProbe.TXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.DnsTestbedProbe.Question;
import dev.bulkfetch.testbed.DnsTestbedProbe.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;

/** Replies too large for the client's UDP limit go out with TC=1; TCP on the same port has them whole. */
class DnsTestbedTruncationTest {

    private DnsTestbed dns;
    private DnsTestbedProbe probe;

    @BeforeEach
    void start() throws IOException {
        dns = DnsTestbed.start(DnsTestbedConfig.defaults());
        probe = new DnsTestbedProbe(dns.address());
    }

    @AfterEach
    void stop() {
        probe.close();
        dns.close();
    }

    @Test
    void bigTxtIsTruncatedOverUdpAndCompleteOverTcpOnTheSamePort() throws IOException {
        byte[] query = DnsTestbedProbe.query(42, "big-100.bulkfetch.test", TXT);

        Reply udp = probe.ask(query);
        Reply tcp = DnsTestbedProbe.askTcp(dns.address(), query).get(0);

        assertTrue(udp.tc());
        assertEquals(42, udp.id());
        assertEquals(List.of(new Question("big-100.bulkfetch.test.", TXT, 1)), udp.questions());
        assertTrue(udp.answers().isEmpty());
        assertTrue(udp.size() <= 512);

        assertFalse(tcp.tc());
        assertEquals(NOERROR, tcp.rcode());
        assertEquals(DnsTestbedZone.bigTxtStrings(100).stream().map(s -> '"' + s + '"').toList(), tcp.answerData());
        assertEquals(1, dns.truncated());
    }

    @ParameterizedTest(name = "big-{0} with EDNS {1}: truncated={2}")
    @CsvSource({
        "8,   0,     false",   // 38 + 8 * 54 = 470 bytes fit the classic 512
        "9,   0,     true",    // 524 bytes do not
        "20,  0,     true",
        "20,  1232,  false",   // 1150 bytes with OPT fit a common EDNS size
        "20,  1000,  true",
        "20,  100,   true",    // below 512 counts as 512 (RFC 6891)
        "8,   100,   false",
        "72,  4096,  false",   // 4010 bytes still fit 4096
        "100, 4096,  true",
        "100, 65000, true"})   // offers above 4096 are capped
    void udpReplyRespectsTheAdvertisedEdnsSize(int n, int ednsSize, boolean truncated) throws IOException {
        Reply reply = probe.ask(DnsTestbedProbe.query(1, "big-" + n + ".bulkfetch.test", TXT, ednsSize));

        assertEquals(truncated, reply.tc());
        assertEquals(truncated ? 0 : n, reply.answers().size());
        int limit = ednsSize == 0 ? 512 : Math.max(512, Math.min(4096, ednsSize));
        assertTrue(reply.size() <= limit, () -> reply.size() + " bytes exceed " + limit);
    }

    @Test
    void ednsQueryGetsAnOptRecordEvenWhenTruncated() throws IOException {
        Reply full = probe.ask(DnsTestbedProbe.query(1, "www.bulkfetch.test", TXT, 1232));
        Reply truncated = probe.ask(DnsTestbedProbe.query(2, "big-100.bulkfetch.test", TXT, 1232));

        assertEquals(OPT, full.additional().get(0).type());
        assertEquals(4096, full.additional().get(0).dnsClass(), "the testbed advertises its own limit");
        assertTrue(truncated.tc());
        assertEquals(OPT, truncated.additional().get(0).type());
    }

    @Test
    void queryWithoutEdnsGetsNoOptRecord() throws IOException {
        assertTrue(probe.ask("www.bulkfetch.test", TXT).additional().isEmpty());
    }
}
