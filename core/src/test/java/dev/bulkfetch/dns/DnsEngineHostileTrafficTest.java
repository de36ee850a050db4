package dev.bulkfetch.dns;

import dev.bulkfetch.error.ErrorKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine under hostile traffic from its resolver: replies cut at every length, pointer loops, datagrams
 * larger than any DNS reply, replies to questions nobody asked, and floods of forged ids. The genuine answer
 * must win (or the question end in DNS_TIMEOUT within its retry budget), and the engine must answer the next
 * question as if nothing happened.
 */
class DnsEngineHostileTrafficTest {
    /** Attempts of 200 ms (the fixture's timeout), 4 of them, plus room for a loaded machine. */
    private static final long BUDGET_MILLIS = 4 * 200 + 3_000;

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** A question asked after the hostile ones gets its answer at the first attempt. */
    private static void assertHealthy(EngineFixture f) throws Exception {
        DnsAnswer a = f.ask("after.example", DnsRecordType.A);
        assertNull(a.error(), String.valueOf(a.error()));
        assertEquals(List.of("127.0.0.9"), a.data());
    }

    @Test
    void repliesCutAtEveryLengthAndPointerLoopsAreDroppedAndTheGenuineAnswerWins() throws Exception {
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            byte[] whole = ScriptedResolver.genuine(q);
            for (int n = 1; n < whole.length; n++) {
                s.send(Arrays.copyOf(whole, n), q.from());
            }
            // an answer whose owner name is a pointer to itself, and one whose name points into its own pointer
            int answerAt = 12 + ReplyBytes.wireName(q.name()).length + 4;
            s.send(ReplyBytes.answerHeader(q.id(), 0, 1).question(q.name(), q.type()).pointer(answerAt)
                    .rr(DnsRecordType.A, 60, new byte[] {6, 6, 6, 6}).bytes(), q.from());
            s.send(ReplyBytes.answerHeader(q.id(), 0, 1).question(q.name(), q.type()).raw((byte) 1, (byte) 'x')
                    .pointer(answerAt).rr(DnsRecordType.A, 60, new byte[] {6, 6, 6, 6}).bytes(), q.from());
            s.send(whole, q.from());
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> b.socketsPerResolver(1))) {
            long start = System.nanoTime();
            DnsAnswer a = f.ask("host.example", DnsRecordType.A);
            assertNull(a.error(), String.valueOf(a.error()));
            assertEquals(List.of("127.0.0.9"), a.data());
            assertEquals(1, a.attempts());
            assertTrue(millisSince(start) < BUDGET_MILLIS);
            DnsEngineStats st = f.engine.stats();
            assertEquals(1, st.accepted());
            assertTrue(st.malformed() + st.wrongQuestion() >= 2, st.toString());
            assertHealthy(f);
        }
    }

    @Test
    void datagramLargerThanAnyReplyIsCutAtTheReadBufferAndDropped() throws Exception {
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            // 60,000 bytes: 3,700 A records under a question that matches; only the first 4 KiB are read
            ReplyBytes huge = ReplyBytes.answerHeader(q.id(), 0, 3_700).question(q.name(), q.type());
            for (int i = 0; i < 3_700; i++) {
                huge.pointer(12).rr(DnsRecordType.A, 60, new byte[] {6, 6, 6, 6});
            }
            s.send(huge.bytes(), q.from());
            if (!q.name().startsWith("only-huge")) {
                s.send(ScriptedResolver.genuine(q), q.from());
            }
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> b.retries(2))) {
            DnsAnswer a = f.ask("host.example", DnsRecordType.A);
            assertNull(a.error(), String.valueOf(a.error()));
            assertEquals(List.of("127.0.0.9"), a.data());
            assertTrue(f.engine.stats().malformed() >= 1, f.engine.stats().toString());

            long start = System.nanoTime();
            DnsAnswer timedOut = f.ask("only-huge.example", DnsRecordType.A);
            assertEquals(ErrorKind.DNS_TIMEOUT, timedOut.error().kind());
            assertEquals(3, timedOut.attempts());
            assertTrue(millisSince(start) < BUDGET_MILLIS, "took " + millisSince(start) + " ms");
            assertHealthy(f);
        }
    }

    @Test
    void repliesToQuestionsNeverAskedAreCountedAndIgnored() throws Exception {
        int unasked = 500;
        SplittableRandom random = new SplittableRandom(7);
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            s.send(ScriptedResolver.genuine(q), q.from());
            if (q.name().startsWith("first")) {
                // after the answer, while nothing may be waiting: replies about names nobody asked for
                for (int i = 0; i < unasked; i++) {
                    s.send(ReplyBytes.answerHeader(random.nextInt(65536), 0, 1).question("never-asked-" + i + ".example.", 1)
                            .pointer(12).rr(DnsRecordType.A, 60, new byte[] {6, 6, 6, 6}).bytes(), q.from());
                }
            }
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> b.socketsPerResolver(1))) {
            assertEquals(List.of("127.0.0.9"), f.ask("first.example", DnsRecordType.A).data());
            for (int i = 0; i < 50 && f.engine.stats().repliesReceived() < 1 + unasked; i++) {
                Thread.sleep(20); // bounded: until every unasked reply has been seen
            }
            DnsEngineStats st = f.engine.stats();
            assertEquals(1 + unasked, st.repliesReceived(), st.toString());
            assertEquals(unasked, st.unmatchedId() + st.wrongQuestion(), st.toString());
            assertEquals(1, st.accepted());
            assertHealthy(f);
        }
    }

    @Test
    void floodOfForgedIdsCannotKeepTheGenuineAnswersFromTwentyConcurrentQuestions() throws Exception {
        int flood = 100;
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            // other ids, with a real-looking answer under another name: 2,000 forgeries a round, about what the
            // socket buffer holds, so a loaded machine may lose genuine replies to overflow but the flood cannot win
            for (int i = 1; i <= flood; i++) {
                int forged = (q.id() + i * 163) & 0xFFFF;
                s.send(ReplyBytes.answerHeader(forged, 0, 1).question("victim.example.", q.type())
                        .pointer(12).rr(DnsRecordType.A, 60, new byte[] {6, 6, 6, 6}).bytes(), q.from());
            }
            s.send(ScriptedResolver.genuine(q), q.from());
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> b.socketsPerResolver(1))) {
            long start = System.nanoTime();
            List<CompletableFuture<DnsAnswer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(f.engine.query(new DnsQuestion("q" + i + ".example", DnsRecordType.A)));
            }
            int genuine = 0;
            for (CompletableFuture<DnsAnswer> future : answers) {
                DnsAnswer a = future.get(20, TimeUnit.SECONDS);
                if (a.error() == null) {
                    assertEquals(List.of("127.0.0.9"), a.data(), "never a forged answer");
                    genuine++;
                } else {
                    // a flood may overrun the socket buffer and take the genuine reply with it
                    assertEquals(ErrorKind.DNS_TIMEOUT, a.error().kind());
                }
            }
            assertTrue(millisSince(start) < BUDGET_MILLIS + 2_000, "took " + millisSince(start) + " ms");
            assertTrue(genuine >= 10, genuine + " of 20 genuine answers " + f.engine.stats());
            DnsEngineStats st = f.engine.stats();
            assertTrue(st.unmatchedId() + st.wrongQuestion() >= 1_000, st.toString());
            assertHealthy(f);
        }
    }
}
