package dev.bulkfetch.testbed;

import static dev.bulkfetch.testbed.DnsTestbedProbe.A;
import static dev.bulkfetch.testbed.DnsTestbedProbe.NOERROR;
import static dev.bulkfetch.testbed.DnsTestbedProbe.NXDOMAIN;
import static dev.bulkfetch.testbed.DnsTestbedProbe.PTR;
import static dev.bulkfetch.testbed.DnsTestbedProbe.SOA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.DnsTestbedProbe.Reply;
import dev.bulkfetch.testbed.DnsTestbedProbe.Rr;
import io.netty.util.NetUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** Reverse names over UDP: the PTR of every full name is {@link DnsTestbedZone#ptrFor}, the rest NODATA or NXDOMAIN. */
class DnsTestbedReverseZoneTest {

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
    @ValueSource(strings = {"198.18.1.2", "192.0.2.255", "203.0.113.7", "0.0.0.0", "255.255.255.255", "127.0.0.1"})
    void ipv4ReverseNameHasThePtrOfItsAddress(String ip) throws IOException {
        InetAddress address = literal(ip);
        String name = DnsTestbedProbe.reverseName(address);

        Reply reply = probe.ask(name, PTR);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of(new Rr(name, PTR, 1, 300, DnsTestbedZone.ptrFor(address))), reply.answers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "2001:db8:abcd:12::ff", "::", "fe80::1:2:3:4"})
    void ipv6ReverseNameHasThePtrOfItsAddress(String ip) throws IOException {
        InetAddress address = literal(ip);
        String name = DnsTestbedProbe.reverseName(address);

        Reply reply = probe.ask(name, PTR);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of(DnsTestbedZone.ptrFor(address)), reply.answerData());
    }

    @Test
    void ptrTargetsHaveTheDocumentedShape() {
        assertEquals("198-18-1-2.v4.bulkfetch.test.", DnsTestbedZone.ptrFor(literal("198.18.1.2")));
        assertEquals("20010db8000000000000000000000001.v6.bulkfetch.test.",
                DnsTestbedZone.ptrFor(literal("2001:db8::1")));
        assertEquals("192-0-2-1.v4.example.test.", DnsTestbedZone.ptrFor(literal("192.0.2.1"), "Example.TEST."));
    }

    @Test
    void reverseNamesMatchCaseInsensitively() throws IOException {
        String name = DnsTestbedProbe.reverseName(literal("2001:db8::abcd")).toUpperCase()
                .replace("IP6.ARPA", "Ip6.Arpa");

        assertEquals(List.of(DnsTestbedZone.ptrFor(literal("2001:db8::abcd"))), probe.ask(name, PTR).answerData());
    }

    @Test
    void ptrTargetsUseTheConfiguredZone() throws IOException {
        try (DnsTestbed other = DnsTestbed.start(DnsTestbedConfig.builder().zone("Lab.Example").build());
             DnsTestbedProbe otherProbe = new DnsTestbedProbe(other.address())) {
            Reply reply = otherProbe.ask("2.1.18.198.in-addr.arpa", PTR);

            assertEquals(List.of("198-18-1-2.v4.lab.example."), reply.answerData());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.0.192.in-addr.arpa", "192.in-addr.arpa", "in-addr.arpa",
        "8.b.d.0.1.0.0.2.ip6.arpa", "ip6.arpa"})
    void partialReverseNameIsNodata(String name) throws IOException {
        Reply reply = probe.ask(name, PTR);

        assertEquals(NOERROR, reply.rcode());
        assertTrue(reply.answers().isEmpty());
        assertEquals(SOA, reply.authority().get(0).type());
        assertEquals(name.endsWith("ip6.arpa") ? "ip6.arpa." : "in-addr.arpa.", reply.authority().get(0).name());
    }

    @Test
    void fullReverseNameWithoutPtrTypeIsNodata() throws IOException {
        Reply reply = probe.ask("2.1.18.198.in-addr.arpa", A);

        assertEquals(NOERROR, reply.rcode());
        assertTrue(reply.answers().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.2.0.192.in-addr.arpa", "x.2.0.192.in-addr.arpa", "01.2.0.192.in-addr.arpa",
        "1.2.3.4.5.in-addr.arpa", "0/25.2.0.192.in-addr.arpa", "g.8.b.d.0.1.0.0.2.ip6.arpa",
        "10.8.b.d.0.1.0.0.2.ip6.arpa"})
    void reverseNameWithABadLabelIsNxdomain(String name) throws IOException {
        Reply reply = probe.ask(name, PTR);

        assertEquals(NXDOMAIN, reply.rcode());
        assertTrue(reply.answers().isEmpty());
        assertEquals(SOA, reply.authority().get(0).type());
    }

    @Test
    void ipv6NameWithMoreThan32NibblesIsNxdomain() throws IOException {
        String name = "0." + DnsTestbedProbe.reverseName(literal("2001:db8::1"));

        assertEquals(NXDOMAIN, probe.ask(name, PTR).rcode());
    }

    private static InetAddress literal(String ip) {
        return NetUtil.createInetAddressFromIpAddressString(ip);
    }
}
