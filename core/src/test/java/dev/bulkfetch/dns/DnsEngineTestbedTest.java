package dev.bulkfetch.dns;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.DnsTestbedZone;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine against the embedded authoritative testbed: every kind of answer, drops and TCP. */
class DnsEngineTestbedTest {

    private static <T> T withTestbed(DnsTestbedConfig.Builder tb, Consumer<DnsEngineConfig.Builder> settings,
                                     ThrowingFunction<EngineFixture, T> body) throws Exception {
        try (DnsTestbed testbed = DnsTestbed.start(tb.port(0).build());
             EngineFixture f = new EngineFixture(List.of(testbed.address()), settings)) {
            return body.apply(f);
        }
    }

    interface ThrowingFunction<A, B> {
        B apply(A a) throws Exception;
    }

    @Test
    void ipv4AndIpv6ReverseNamesGetTheComputedPtr() throws Exception {
        withTestbed(DnsTestbedConfig.builder(), b -> { }, f -> {
            for (String ip : List.of("198.18.0.1", "203.0.113.255", "2001:db8::1", "::1")) {
                InetAddress address = InetAddress.getByName(ip); // literals only: no lookup
                DnsAnswer a = f.ask(ReverseName.of(address), DnsRecordType.PTR);
                assertNull(a.error(), ip);
                assertEquals(List.of(DnsTestbedZone.ptrFor(address)), a.data(), ip);
            }
            return null;
        });
    }

    @Test
    void forwardTypesNodataAndNxdomain() throws Exception {
        withTestbed(DnsTestbedConfig.builder(), b -> { }, f -> {
            assertEquals(List.of("127.0.0.1"), f.ask("www.bulkfetch.test", DnsRecordType.A).data());
            assertEquals(List.of("::1"), f.ask("www.bulkfetch.test", DnsRecordType.AAAA).data());
            assertEquals(List.of("127.0.0.5"), f.ask("ip-127-0-0-5.bulkfetch.test", DnsRecordType.A).data());
            assertEquals(List.of("10 mail.bulkfetch.test."), f.ask("bulkfetch.test", DnsRecordType.MX).data());
            assertEquals(List.of("10 5 8080 srv.bulkfetch.test."), f.ask("_svc._tcp.bulkfetch.test", DnsRecordType.SRV).data());
            assertEquals(List.of("\"bulkfetch testbed\""), f.ask("bulkfetch.test", DnsRecordType.TXT).data());
            assertEquals(List.of("0 issue \"bulkfetch.test\""), f.ask("bulkfetch.test", DnsRecordType.CAA).data());
            assertTrue(f.ask("bulkfetch.test", DnsRecordType.SOA).data().get(0).startsWith("ns1.bulkfetch.test. "));

            DnsAnswer nodata = f.ask("nodata.bulkfetch.test", DnsRecordType.A);
            assertNull(nodata.error());
            assertEquals(DnsRcode.NOERROR, nodata.rcode());
            assertEquals(List.of(), nodata.records());

            DnsAnswer nx = f.ask("nx-nothing.bulkfetch.test", DnsRecordType.A);
            assertNull(nx.error(), "NXDOMAIN is an answer, not an error");
            assertEquals(DnsRcode.NXDOMAIN, nx.rcode());
            return null;
        });
    }

    @Test
    void cnameChainIsFollowedWithinTheReply() throws Exception {
        withTestbed(DnsTestbedConfig.builder(), b -> { }, f -> {
            DnsAnswer a = f.ask("CNAME-3.Bulkfetch.Test", DnsRecordType.A);
            assertEquals(List.of("cname-2.bulkfetch.test.", "cname-1.bulkfetch.test.", "cname-0.bulkfetch.test."),
                    a.chain());
            assertEquals(List.of("127.0.0.1"), a.data());
            return null;
        });
    }

    @Test
    void truncatedUdpReplyIsRetriedOverTcp() throws Exception {
        withTestbed(DnsTestbedConfig.builder(), b -> { }, f -> {
            DnsAnswer a = f.ask("big-60.bulkfetch.test", DnsRecordType.TXT);
            assertNull(a.error());
            assertEquals(60, a.records().size());
            assertEquals(2, a.attempts(), "one UDP attempt, one TCP attempt");
            assertEquals(1, f.engine.stats().truncated());
            // the TCP connection is reused for the next truncated answer
            assertEquals(61, f.ask("big-61.bulkfetch.test", DnsRecordType.TXT).records().size());
            return null;
        });
    }

    @Test
    void truncationShareAnswersEverythingOverTcp() throws Exception {
        withTestbed(DnsTestbedConfig.builder().truncateShare(1.0), b -> { }, f -> {
            List<CompletableFuture<DnsAnswer>> all = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                all.add(f.engine.query(new DnsQuestion((i % 256) + "." + (i / 256) + ".18.198.in-addr.arpa", DnsRecordType.PTR)));
            }
            for (CompletableFuture<DnsAnswer> c : all) {
                DnsAnswer a = c.get(20, TimeUnit.SECONDS);
                assertNull(a.error());
                assertEquals(1, a.records().size(), a.toString());
            }
            assertEquals(300, f.engine.stats().truncated());
            return null;
        });
    }

    @Test
    void droppedQueriesAreRetransmittedUntilAnswered() throws Exception {
        withTestbed(DnsTestbedConfig.builder().dropShare(0.3).seed(7), b -> b.retries(8), f -> {
            List<CompletableFuture<DnsAnswer>> all = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                all.add(f.engine.query(new DnsQuestion((i % 256) + "." + (i / 256) + ".18.198.in-addr.arpa",
                        DnsRecordType.PTR)));
            }
            int retried = 0;
            for (CompletableFuture<DnsAnswer> c : all) {
                DnsAnswer a = c.get(30, TimeUnit.SECONDS);
                assertNull(a.error());
                assertTrue(a.rttNanos() > 0 && a.elapsedNanos() >= a.rttNanos(), a::toString);
                if (a.attempts() > 1) {
                    retried++;
                    // each lost attempt waited out the whole timeout (200 ms) before the next
                    assertTrue(a.elapsedNanos() >= (a.attempts() - 1) * 200_000_000L + a.rttNanos(), a::toString);
                }
            }
            assertTrue(retried > 50, "about 30% needed a retransmit, got " + retried);
            assertEquals(f.engine.stats().retransmits(), f.engine.stats().timeouts());
            return null;
        });
    }

    @Test
    void servfailAndRefusedFromTheTestbedBecomeErrors() throws Exception {
        withTestbed(DnsTestbedConfig.builder(), b -> b.retries(1), f -> {
            assertEquals(ErrorKind.DNS_SERVFAIL, f.ask("servfail.bulkfetch.test", DnsRecordType.A).error().kind());
            assertEquals(ErrorKind.DNS_REFUSED, f.ask("outside.example", DnsRecordType.A).error().kind());
            return null;
        });
    }

    @Test
    void tensOfThousandsInFlightAllComeBackOnce() throws Exception {
        withTestbed(DnsTestbedConfig.builder(), b -> b.maxInFlight(2000).timeout(java.time.Duration.ofSeconds(2)), f -> {
            int n = 20_000;
            Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            CompletableFuture<Void> done = new CompletableFuture<>();
            java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
            f.engine.loop().execute(() -> {
                for (int i = 0; i < n; i++) {
                    f.engine.query(new DnsQuestion((i % 256) + "." + (i / 256 % 256) + ".18.198.in-addr.arpa",
                            DnsRecordType.PTR), a -> {
                        if (!seen.add(a.question().name()) || a.error() != null) {
                            done.completeExceptionally(new AssertionError("duplicate or failed: " + a));
                        }
                        if (left.decrementAndGet() == 0) {
                            done.complete(null);
                        }
                    });
                }
            });
            done.get(60, TimeUnit.SECONDS);
            assertEquals(n, seen.size());
            assertEquals(0, f.engine.inFlight());
            return null;
        });
    }
}
