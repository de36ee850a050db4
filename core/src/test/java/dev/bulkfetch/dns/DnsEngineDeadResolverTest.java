package dev.bulkfetch.dns;

import dev.bulkfetch.error.ErrorKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resolvers that do not answer: one nothing listens on (the kernel says so at once with ICMP port
 * unreachable), one that swallows every query, one that goes away in the middle of a run. Each must
 * cost about one retransmit budget, not one timeout per query. The timeouts here are long on purpose:
 * a query that waited for one would miss the deadline of the test's {@code get}.
 */
class DnsEngineDeadResolverTest {
    private static final int ECONNREFUSED = 111;

    /**
     * Linux sends at most 1,000 ICMP errors a second, in bursts of 50, for the whole machine, loopback
     * included (net.ipv4.icmp_msgs_per_sec): a test that has just sent thousands of queries to a closed
     * port leaves none for the next one, whose refused queries would then wait out their 30 s timeout.
     */
    @BeforeEach
    void letTheKernelsIcmpBudgetRefill() throws InterruptedException {
        Thread.sleep(200);
    }

    @Test
    void everyQueryToAPortNothingListensOnFailsAtOnceAsUnreachableWithEconnrefused() throws Exception {
        InetSocketAddress dead = closedPort();
        try (EngineFixture f = new EngineFixture(List.of(dead), b -> b.timeout(Duration.ofSeconds(30)))) {
            List<DnsAnswer> answers = askMany(f, 256, 10);
            for (DnsAnswer a : answers) {
                assertEquals(ErrorKind.DNS_UNREACHABLE, a.error().kind(), a.error().toString());
                assertEquals(ECONNREFUSED, a.error().errno());
                assertTrue(a.error().message().contains(ResolverAddresses.format(dead)), a.error().message());
                assertTrue(a.error().message().contains("ICMP port unreachable"), a.error().message());
            }
            assertTrue(f.engine.stats().unreachable() >= 1, f.engine.stats().toString());
            assertEquals(0, f.engine.stats().timeouts(), "nothing waited for a timeout");
        }
    }

    @Test
    void queriesMoveOnToTheNextResolverWhenOneRefuses() throws Exception {
        try (ScriptedResolver live = new ScriptedResolver((q, s) -> s.send(ScriptedResolver.genuine(q), q.from()));
             // at most 64 in flight: a burst of hundreds overflows the scripted resolver's socket buffer,
             // and a query lost there would wait out its 30 s
             EngineFixture f = new EngineFixture(List.of(closedPort(), live.address()),
                     b -> b.timeout(Duration.ofSeconds(30)).maxInFlight(64).initialWindow(64))) {
            for (DnsAnswer a : askMany(f, 400, 10)) {
                assertNull(a.error(), () -> a.error().toString());
                assertEquals(live.address(), a.resolver());
            }
            assertEquals(0, f.engine.stats().timeouts());
        }
    }

    @Test
    void aRefusedQueryStillReachesAResolverThatWorksWithNoRetriesLeft() throws Exception {
        try (ScriptedResolver live = new ScriptedResolver((q, s) -> s.send(ScriptedResolver.genuine(q), q.from()));
             EngineFixture f = new EngineFixture(List.of(closedPort(), live.address()),
                     b -> b.timeout(Duration.ofSeconds(30)).retries(0).maxInFlight(64).initialWindow(64))) {
            for (DnsAnswer a : askMany(f, 200, 10)) {
                assertNull(a.error(), () -> a.error().toString());
                assertEquals(live.address(), a.resolver());
            }
        }
    }

    @Test
    void aResolverThatSwallowsEveryQueryCostsOneRetransmitBudgetNotOneTimeoutPerWindow() throws Exception {
        // 200 ms x (1 retry + 1) = 400 ms budget, 2 s at the least; 5,000 queries through a window of 50 would
        // take 40 s of timeouts (more, as timeouts halve the window) if every one waited for its own
        try (ScriptedResolver silent = new ScriptedResolver((q, s) -> { });
             EngineFixture f = new EngineFixture(List.of(silent.address()),
                     b -> b.timeout(Duration.ofMillis(200)).retries(1).maxInFlight(50).initialWindow(50))) {
            List<DnsAnswer> answers = askMany(f, 5_000, 15);
            int unreachable = 0;
            for (DnsAnswer a : answers) {
                ErrorKind kind = a.error().kind();
                assertTrue(kind == ErrorKind.DNS_TIMEOUT || kind == ErrorKind.DNS_UNREACHABLE, a.error().toString());
                if (kind == ErrorKind.DNS_UNREACHABLE) {
                    unreachable++;
                    assertEquals(0, a.error().errno(), "silence has no errno");
                    assertTrue(a.error().message().matches("resolver 127\\.0\\.0\\.1:\\d+ has not answered any of"
                            + " [\\d,]+ queries in \\d+\\.\\d s"), a.error().message());
                }
            }
            assertTrue(unreachable > 4_000, "most queries were never sent: " + unreachable);
            assertTrue(silent.received() < 2_000, "queries sent to the silent resolver: " + silent.received());
        }
    }

    @Test
    void aResolverThatAnsweredBeforeIsWaitedForWhileItRestartsWithinTheBudget() throws Exception {
        ScriptedResolver.Script answer = (q, s) -> s.send(ScriptedResolver.genuine(q), q.from());
        ScriptedResolver first = new ScriptedResolver(answer);
        InetSocketAddress address = first.address();
        try (EngineFixture f = new EngineFixture(List.of(address),
                b -> b.timeout(Duration.ofMillis(500)).retries(3))) {
            assertNull(f.ask("before.test", DnsRecordType.A).error());
            first.close();
            List<CompletableFuture<DnsAnswer>> during = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                during.add(f.engine.query(new DnsQuestion("during" + i + ".test", DnsRecordType.A)));
            }
            Thread.sleep(300); // refused meanwhile: ICMP port unreachable, the resolver rests
            try (ScriptedResolver again = new ScriptedResolver(address, answer)) {
                for (CompletableFuture<DnsAnswer> a : during) {
                    DnsAnswer answered = a.get(10, TimeUnit.SECONDS);
                    assertNull(answered.error(), () -> answered.error().toString());
                }
                assertTrue(again.received() >= 100);
            }
        } finally {
            first.close();
        }
    }

    @Test
    void aResolverGoneForGoodMidRunFailsTheRestWithinAboutOneBudget() throws Exception {
        ScriptedResolver gone = new ScriptedResolver((q, s) -> s.send(ScriptedResolver.genuine(q), q.from()));
        try (EngineFixture f = new EngineFixture(List.of(gone.address()),
                b -> b.timeout(Duration.ofMillis(300)).retries(2))) {
            assertNull(f.ask("before.test", DnsRecordType.A).error());
            gone.close();
            // budget 900 ms; 20,000 queries each waiting for its 3 refused attempts would take far longer
            List<DnsAnswer> answers = askMany(f, 20_000, 15);
            for (DnsAnswer a : answers) {
                assertEquals(ErrorKind.DNS_UNREACHABLE, a.error().kind(), a.error().toString());
                assertEquals(ECONNREFUSED, a.error().errno());
            }
        } finally {
            gone.close();
        }
    }

    /** Asks n questions at once and waits at most {@code seconds} for all of them. */
    private static List<DnsAnswer> askMany(EngineFixture f, int n, int seconds) throws Exception {
        List<CompletableFuture<DnsAnswer>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(f.engine.query(new DnsQuestion("q" + i + ".test", DnsRecordType.A)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
        List<DnsAnswer> answers = new ArrayList<>();
        for (CompletableFuture<DnsAnswer> a : futures) {
            answers.add(a.join());
        }
        return answers;
    }

    /** A loopback UDP port that was just free: nothing listens on it. */
    private static InetSocketAddress closedPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return (InetSocketAddress) s.getLocalSocketAddress();
        }
    }
}
