package dev.bulkfetch.dns;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * How the engine uses its UDP sockets: each batch of loop work leaves on one socket, successive
 * batches rotate over all of them, and a resolver of either address family is reached.
 */
class DnsEngineSocketsTest {

    @Test
    void aBatchLeavesOnOneSocketAndBatchesRotateOverEverySocket() throws Exception {
        Map<Integer, Set<Integer>> portsByBatch = new ConcurrentHashMap<>();
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            int batch = Integer.parseInt(q.name().substring(1, q.name().indexOf('-')));
            portsByBatch.computeIfAbsent(batch, k -> ConcurrentHashMap.newKeySet()).add(q.from().getPort());
            s.send(ScriptedResolver.genuine(q), q.from());
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> b.socketsPerResolver(4))) {
            for (int batch = 0; batch < 8; batch++) {
                int n = batch;
                List<CompletableFuture<DnsAnswer>> answers = new ArrayList<>();
                // one loop task asks them all: one batch of loop work
                f.engine.loop().submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        answers.add(f.engine.query(new DnsQuestion("b" + n + "-q" + i + ".test", DnsRecordType.A)));
                    }
                }).get(10, TimeUnit.SECONDS);
                for (CompletableFuture<DnsAnswer> a : answers) {
                    DnsAnswer answer = a.get(10, TimeUnit.SECONDS);
                    assertNull(answer.error());
                    assertEquals(1, answer.attempts());
                }
            }
            Map<Integer, Set<Integer>> sorted = new TreeMap<>(portsByBatch);
            Set<Integer> allPorts = new TreeSet<>();
            for (Map.Entry<Integer, Set<Integer>> e : sorted.entrySet()) {
                assertEquals(1, e.getValue().size(), () -> "source ports of each batch: " + sorted);
                allPorts.addAll(e.getValue());
            }
            assertEquals(8, sorted.size());
            assertEquals(4, allPorts.size(), () -> "source ports of each batch: " + sorted);
        }
    }

    @Test
    void resolversOfBothFamiliesAreReached() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        Set<InetAddress> sources = ConcurrentHashMap.newKeySet();
        ScriptedResolver.Script answer = (q, s) -> {
            sources.add(q.from().getAddress());
            s.send(ScriptedResolver.genuine(q), q.from());
        };
        try (ScriptedResolver four = new ScriptedResolver(answer);
             ScriptedResolver six = new ScriptedResolver(v6, answer);
             EngineFixture f = new EngineFixture(List.of(four.address(), six.address()),
                     b -> b.socketsPerResolver(2))) {
            for (int i = 0; i < 6; i++) {
                DnsAnswer a = f.ask("n" + i + ".test", DnsRecordType.A);
                assertNull(a.error());
                assertEquals(List.of("127.0.0.9"), a.data());
            }
            assertEquals(3, four.received());
            assertEquals(3, six.received());
            assertEquals(Set.of(InetAddress.getByName("127.0.0.1"), v6), sources);
        }
    }
}
