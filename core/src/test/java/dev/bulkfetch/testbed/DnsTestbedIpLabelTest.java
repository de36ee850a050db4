package dev.bulkfetch.testbed;

import static dev.bulkfetch.testbed.DnsTestbedProbe.A;
import static dev.bulkfetch.testbed.DnsTestbedProbe.AAAA;
import static dev.bulkfetch.testbed.DnsTestbedProbe.NOERROR;
import static dev.bulkfetch.testbed.DnsTestbedProbe.NXDOMAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.DnsTestbedProbe.Reply;
import dev.bulkfetch.testbed.DnsTestbedProbe.Rr;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** An {@code ip-127-A-B-C} label anywhere below the apex gives its name that loopback address. */
class DnsTestbedIpLabelTest {
    private static DnsTestbed dns;
    private static DnsTestbedProbe probe;

    @BeforeAll
    static void start() throws IOException {
        dns = DnsTestbed.start(DnsTestbedConfig.defaults());
        probe = new DnsTestbedProbe(dns.address());
    }

    @AfterAll
    static void stop() {
        probe.close();
        dns.close();
    }

    @ParameterizedTest
    @CsvSource({"ip-127-0-0-2, 127.0.0.2", "www.ip-127-0-0-2, 127.0.0.2", "a.b.c.IP-127-1-2-3, 127.1.2.3",
        "www.ip-127-0-0-9.shop, 127.0.0.9", "cname-3.ip-127-0-0-4, 127.0.0.4", "ip-127-0-0-5.ip-127-0-0-6, 127.0.0.5",
        "robots-deny.ip-127-0-0-7, 127.0.0.7"})
    void ipLabelAtAnyDepthGivesItsAddress(String labels, String address) throws IOException {
        String name = labels + ".bulkfetch.test";
        Reply reply = probe.ask(name, A);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of(new Rr(name + ".", A, 1, 300, address)), reply.answers());
    }

    @Test
    void ipLabelNameHasNoAaaa() throws IOException {
        Reply reply = probe.ask("www.ip-127-0-0-2.bulkfetch.test", AAAA);

        assertEquals(NOERROR, reply.rcode());
        assertTrue(reply.answers().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"www.ip-10-0-0-1", "www.ip-127-0-0-256", "a.ip-127-0-0.b", "ip-127-0-0-2.ip-10-0-0-1",
        "ip-x.ip-127-0-0-2", "www.ip-127-0-0-05", "ip-127-0-0-1.nx-gone"})
    void nameWithAMisspeltIpLabelIsNxdomain(String labels) throws IOException {
        Reply reply = probe.ask(labels + ".bulkfetch.test", A);

        assertEquals(NXDOMAIN, reply.rcode());
        assertTrue(reply.answers().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"www", "ship-127-0-0-2", "www.vip-127-0-0-2", "ip127-0-0-2.www"})
    void namesWithoutAnIpLabelStayPlainHosts(String labels) throws IOException {
        assertEquals(List.of("127.0.0.1"), probe.ask(labels + ".bulkfetch.test", A).answerData());
    }
}
