package dev.bulkfetch.testbed;

import static dev.bulkfetch.testbed.DnsTestbedProbe.A;
import static dev.bulkfetch.testbed.DnsTestbedProbe.NOERROR;
import static dev.bulkfetch.testbed.DnsTestbedProbe.NXDOMAIN;
import static dev.bulkfetch.testbed.DnsTestbedProbe.REFUSED;
import static dev.bulkfetch.testbed.DnsTestbedProbe.SERVFAIL;
import static dev.bulkfetch.testbed.DnsTestbedProbe.SOA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.DnsTestbedFaults.Fate;
import dev.bulkfetch.testbed.DnsTestbedProbe.Reply;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Each fault knob at share 1 (every query) and at 0.3 over 1,000 names (the share lands in a sane band and
 * the testbed does exactly what {@link DnsTestbedFaults} predicts for the seed).
 */
class DnsTestbedFaultsTest {

    private static final int NAMES = 1000;
    // Binomial(1000, 0.3) has a standard deviation of ~14.5: 250..350 is a band of more than 3 sigma.
    private static final int LOW = 250;
    private static final int HIGH = 350;

    @Test
    void nxdomainShareOneMakesEveryServedNameNxdomainOnBothTransports() throws IOException {
        try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().nxdomainShare(1.0).build());
             DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            Reply udp = probe.ask("www.bulkfetch.test", A);
            Reply tcp = DnsTestbedProbe.askTcp(dns.address(), DnsTestbedProbe.query(1, "www.bulkfetch.test", A)).get(0);
            Reply reverse = probe.ask("2.1.18.198.in-addr.arpa", DnsTestbedProbe.PTR);

            assertEquals(NXDOMAIN, udp.rcode());
            assertEquals(SOA, udp.authority().get(0).type());
            assertEquals(NXDOMAIN, tcp.rcode());
            assertEquals(NXDOMAIN, reverse.rcode());
            assertEquals("in-addr.arpa.", reverse.authority().get(0).name());
            assertEquals(REFUSED, probe.ask("example.com", A).rcode(), "faults only hit served names");
        }
    }

    @Test
    void servfailShareOneMakesEveryServedNameFailOnBothTransports() throws IOException {
        try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().servfailShare(1.0).build());
             DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            Reply tcp = DnsTestbedProbe.askTcp(dns.address(), DnsTestbedProbe.query(1, "www.bulkfetch.test", A)).get(0);

            assertEquals(SERVFAIL, probe.ask("www.bulkfetch.test", A).rcode());
            assertEquals(SERVFAIL, tcp.rcode());
        }
    }

    @Test
    void truncateShareOneTruncatesEveryUdpReplyButNoTcpReply() throws IOException {
        try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().truncateShare(1.0).build());
             DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            byte[] query = DnsTestbedProbe.query(9, "www.bulkfetch.test", A);

            Reply udp = probe.ask(query);
            Reply tcp = DnsTestbedProbe.askTcp(dns.address(), query).get(0);

            assertTrue(udp.tc());
            assertTrue(udp.answers().isEmpty());
            assertFalse(tcp.tc());
            assertEquals(List.of("127.0.0.1"), tcp.answerData());
            assertEquals(1, dns.truncated());
        }
    }

    @Test
    void dropShareOneLeavesUdpUnansweredButNotTcp() throws IOException {
        try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().dropShare(1.0).build());
             DnsTestbedProbe probe = new DnsTestbedProbe(dns.address(), 300)) {
            byte[] query = DnsTestbedProbe.query(5, "www.bulkfetch.test", A);

            probe.send(query);

            assertThrows(SocketTimeoutException.class, probe::receive);
            // The TCP reply comes from the same loop after it read the datagram: the drop is counted by then.
            Reply tcp = DnsTestbedProbe.askTcp(dns.address(), query).get(0);
            assertEquals(NOERROR, tcp.rcode());
            assertEquals(1, dns.dropped());
            assertEquals(1, dns.udpQueries());
        }
    }

    @Test
    void nxdomainShareNearAThirdHitsThePredictedNames() throws IOException {
        DnsTestbedConfig config = DnsTestbedConfig.builder().nxdomainShare(0.3).seed(42).build();
        List<String> names = names();
        DnsTestbedFaults faults = DnsTestbedFaults.of(config);

        int predicted = (int) names.stream().filter(n -> faults.fateOf(n) == Fate.NXDOMAIN).count();
        assertBand(predicted);
        try (DnsTestbed dns = DnsTestbed.start(config); DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            for (String name : names) {
                int expected = faults.fateOf(name) == Fate.NXDOMAIN ? NXDOMAIN : NOERROR;
                assertEquals(expected, probe.ask(name, A).rcode(), name);
            }
        }
    }

    @Test
    void servfailShareNearAThirdHitsThePredictedNames() throws IOException {
        DnsTestbedConfig config = DnsTestbedConfig.builder().servfailShare(0.3).seed(43).build();
        List<String> names = names();
        DnsTestbedFaults faults = DnsTestbedFaults.of(config);

        int predicted = (int) names.stream().filter(n -> faults.fateOf(n) == Fate.SERVFAIL).count();
        assertBand(predicted);
        try (DnsTestbed dns = DnsTestbed.start(config); DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            for (String name : names) {
                int expected = faults.fateOf(name) == Fate.SERVFAIL ? SERVFAIL : NOERROR;
                assertEquals(expected, probe.ask(name, A).rcode(), name);
            }
        }
    }

    @Test
    void truncateShareNearAThirdHitsThePredictedNames() throws IOException {
        DnsTestbedConfig config = DnsTestbedConfig.builder().truncateShare(0.3).seed(44).build();
        List<String> names = names();
        DnsTestbedFaults faults = DnsTestbedFaults.of(config);

        int predicted = (int) names.stream().filter(faults::truncatesOverUdp).count();
        assertBand(predicted);
        try (DnsTestbed dns = DnsTestbed.start(config); DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            for (String name : names) {
                assertEquals(faults.truncatesOverUdp(name), probe.ask(name, A).tc(), name);
            }
            assertEquals(predicted, dns.truncated());
        }
    }

    @Test
    void dropShareNearAThirdDropsThePredictedDatagrams() throws IOException {
        DnsTestbedConfig config = DnsTestbedConfig.builder().dropShare(0.3).seed(45).build();
        DnsTestbedFaults.DropSequence predicted = DnsTestbedFaults.of(config).drops(0);
        try (DnsTestbed dns = DnsTestbed.start(config); DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            int drops = 0;
            // Replies on one socket come back in query order, so getting the reply to the next answered
            // query proves the predicted drops before it produced nothing; no waiting on timeouts.
            for (int id = 0; id < NAMES; id++) {
                boolean dropped = predicted.dropNext();
                probe.send(DnsTestbedProbe.query(id, "q" + id + ".bulkfetch.test", A));
                if (dropped) {
                    drops++;
                } else {
                    assertEquals(id, probe.receive().id());
                }
            }
            assertBand(drops);
            // Drops after the last answered query are only ordered before the counter read by one more reply.
            int id = NAMES;
            while (predicted.dropNext()) {
                probe.send(DnsTestbedProbe.query(id++, "tail.bulkfetch.test", A));
                drops++;
            }
            probe.send(DnsTestbedProbe.query(id, "tail.bulkfetch.test", A));
            assertEquals(id, probe.receive().id());
            assertEquals(drops, dns.dropped());
        }
    }

    @Test
    void retransmitOfADroppedQueryMayBeAnswered() throws IOException {
        DnsTestbedConfig config = DnsTestbedConfig.builder().dropShare(0.5).seed(3).build();
        DnsTestbedFaults.DropSequence predicted = DnsTestbedFaults.of(config).drops(0);
        int sends = 1;
        while (predicted.dropNext()) {
            sends++;
        }
        try (DnsTestbed dns = DnsTestbed.start(config); DnsTestbedProbe probe = new DnsTestbedProbe(dns.address())) {
            byte[] query = DnsTestbedProbe.query(77, "retry.bulkfetch.test", A);
            for (int i = 0; i < sends; i++) {
                probe.send(query);
            }
            assertEquals(77, probe.receive().id());
            assertEquals(sends - 1, dns.dropped());
        }
    }

    @Test
    void fatesAreDeterministicPerSeedAndIgnoreCaseAndTrailingDot() {
        DnsTestbedConfig config = DnsTestbedConfig.builder().nxdomainShare(0.3).servfailShare(0.3).seed(7).build();
        DnsTestbedFaults one = DnsTestbedFaults.of(config);
        DnsTestbedFaults same = DnsTestbedFaults.of(config);
        DnsTestbedFaults otherSeed = DnsTestbedFaults.of(config.toBuilder().seed(8).build());

        List<Fate> first = new ArrayList<>();
        List<Fate> second = new ArrayList<>();
        List<Fate> third = new ArrayList<>();
        for (String name : names()) {
            first.add(one.fateOf(name));
            second.add(same.fateOf(name.toUpperCase() + "."));
            third.add(otherSeed.fateOf(name));
        }
        assertEquals(first, second);
        assertNotEquals(first, third);
        long servfails = first.stream().filter(f -> f == Fate.SERVFAIL).count();
        assertBand((int) servfails);
    }

    @Test
    void dropSequencesReplayFromTheStart() {
        DnsTestbedFaults faults = DnsTestbedFaults.of(DnsTestbedConfig.builder().dropShare(0.3).build());
        DnsTestbedFaults.DropSequence a = faults.drops(0);
        DnsTestbedFaults.DropSequence b = faults.drops(0);
        for (int i = 0; i < NAMES; i++) {
            assertEquals(a.dropNext(), b.dropNext());
        }
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(NAMES);
        for (int i = 0; i < NAMES; i++) {
            names.add("host-" + i + ".bulkfetch.test");
        }
        return names;
    }

    private static void assertBand(int count) {
        assertTrue(count >= LOW && count <= HIGH, () -> count + " of " + NAMES + " is outside " + LOW + ".." + HIGH);
    }
}
