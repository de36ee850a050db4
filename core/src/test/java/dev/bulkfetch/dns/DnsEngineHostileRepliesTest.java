package dev.bulkfetch.dns;

import dev.bulkfetch.error.ErrorKind;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine against a resolver that lies, forges and sends garbage: only the genuine reply counts. */
class DnsEngineHostileRepliesTest {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    @Test
    void forgedIdsAndQuestionsLoseToTheGenuineReplyArrivingAfterThem() throws Exception {
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            // wrong id, then right id with another name, another type, another class: all forged
            s.send(ReplyBytes.answerHeader(q.id() ^ 0x5555, 0, 1).question(q.name(), q.type())
                    .pointer(12).rr(DnsRecordType.A, 60, new byte[] {6, 6, 6, 6}).bytes(), q.from());
            s.send(ReplyBytes.answerHeader(q.id(), 0, 1).question("evil.example.", q.type())
                    .pointer(12).rr(DnsRecordType.A, 60, new byte[] {6, 6, 6, 6}).bytes(), q.from());
            s.send(ReplyBytes.answerHeader(q.id(), 0, 0).question(q.name(), DnsRecordType.AAAA).bytes(), q.from());
            s.send(ReplyBytes.answerHeader(q.id(), 0, 0).name(q.name()).u16(q.type()).u16(3).bytes(), q.from());
            s.send(ScriptedResolver.genuine(q), q.from());
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> b.socketsPerResolver(1))) {
            DnsAnswer a = f.ask("host.example", DnsRecordType.A);
            assertNull(a.error());
            assertEquals(List.of("127.0.0.9"), a.data());
            assertEquals(1, a.attempts());
            DnsEngineStats st = f.engine.stats();
            assertEquals(1, st.unmatchedId());
            assertEquals(3, st.wrongQuestion());
            assertEquals(1, st.accepted());
        }
    }

    @Test
    void replyFromAnotherSourceIsNeverAccepted() throws Exception {
        try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ScriptedResolver server = new ScriptedResolver((q, s) -> {
                 byte[] forged = ReplyBytes.answerHeader(q.id(), 0, 1).question(q.name(), q.type())
                         .pointer(12).rr(DnsRecordType.A, 60, new byte[] {6, 6, 6, 6}).bytes();
                 attacker.send(new DatagramPacket(forged, forged.length, q.from()));
                 s.send(ScriptedResolver.genuine(q), q.from());
             });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> { })) {
            DnsAnswer a = f.ask("host.example", DnsRecordType.A);
            assertEquals(List.of("127.0.0.9"), a.data());
        }
    }

    @Test
    void malformedRepliesAreDroppedAndTheQueryStillCompletes() throws Exception {
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            // compression pointer loop in the answer owner name
            s.send(ReplyBytes.answerHeader(q.id(), 0, 1).question(q.name(), q.type()).raw((byte) 0xC0, (byte) 0)
                    .bytes(), q.from());
            int here = 12 + ReplyBytes.wireName(q.name()).length + 4;
            s.send(ReplyBytes.answerHeader(q.id(), 0, 1).question(q.name(), q.type()).pointer(here)
                    .rr(DnsRecordType.A, 60, LOOPBACK).bytes(), q.from());
            // answer count larger than the packet
            s.send(ReplyBytes.answerHeader(q.id(), 0, 40).question(q.name(), q.type())
                    .pointer(12).rr(DnsRecordType.A, 60, LOOPBACK).bytes(), q.from());
            // an A record with 3 bytes of data
            s.send(ReplyBytes.answerHeader(q.id(), 0, 1).question(q.name(), q.type())
                    .pointer(12).rr(DnsRecordType.A, 60, new byte[] {1, 2, 3}).bytes(), q.from());
            s.send(new byte[] {1, 2, 3}, q.from());
            s.send(ScriptedResolver.genuine(q), q.from());
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> { })) {
            DnsAnswer a = f.ask("host.example", DnsRecordType.A);
            assertNull(a.error());
            assertEquals(List.of("127.0.0.9"), a.data());
            assertEquals(5, f.engine.stats().malformed());
        }
    }

    @Test
    void onlyMalformedRepliesEndInTimeoutAfterTheRetries() throws Exception {
        try (ScriptedResolver server = new ScriptedResolver((q, s) ->
                s.send(ReplyBytes.answerHeader(q.id(), 0, 1).question(q.name(), q.type()).raw((byte) 0xC0, (byte) 0x30)
                        .bytes(), q.from()));
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> b.retries(2))) {
            long start = System.nanoTime();
            DnsAnswer a = f.ask("host.example", DnsRecordType.A);
            assertEquals(ErrorKind.DNS_TIMEOUT, a.error().kind());
            assertEquals(3, a.attempts());
            assertEquals(3, server.received());
            assertTrue((System.nanoTime() - start) / 1e6 < 3_000, "bounded by 3 attempts of 200 ms plus margin");
        }
    }

    @Test
    void lateReplyToATimedOutAttemptIsIgnored() throws Exception {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedResolver.Query[] first = new ScriptedResolver.Query[1];
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            if (n.incrementAndGet() == 1) {
                first[0] = q; // say nothing the first time
                return;
            }
            // the first attempt's reply arrives late, after the retransmit: its id is no longer live
            s.send(ScriptedResolver.genuine(first[0]), q.from());
            s.send(ScriptedResolver.genuine(q), q.from());
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> b.socketsPerResolver(1))) {
            DnsAnswer a = f.ask("host.example", DnsRecordType.A);
            assertNull(a.error());
            assertEquals(2, a.attempts());
            assertEquals(1, f.engine.stats().unmatchedId());
        }
    }

    @Test
    void servfailMovesToTheNextResolver() throws Exception {
        try (ScriptedResolver bad = new ScriptedResolver((q, s) ->
                s.send(ReplyBytes.answerHeader(q.id(), DnsRcode.SERVFAIL, 0).question(q.name(), q.type()).bytes(), q.from()));
             ScriptedResolver good = new ScriptedResolver((q, s) -> s.send(ScriptedResolver.genuine(q), q.from()));
             EngineFixture f = new EngineFixture(List.of(bad.address(), good.address()), b -> { })) {
            DnsAnswer first = f.ask("a.example", DnsRecordType.A); // starts on resolver 0
            assertNull(first.error());
            assertEquals(2, first.attempts());
            assertEquals(good.address(), first.resolver());
        }
    }

    @Test
    void persistentServfailAndRefusedBecomeErrors() throws Exception {
        try (ScriptedResolver servfail = new ScriptedResolver((q, s) ->
                s.send(ReplyBytes.answerHeader(q.id(), DnsRcode.SERVFAIL, 0).question(q.name(), q.type()).bytes(), q.from()));
             ScriptedResolver refused = new ScriptedResolver((q, s) ->
                s.send(ReplyBytes.answerHeader(q.id(), DnsRcode.REFUSED, 0).question(q.name(), q.type()).bytes(), q.from()));
             EngineFixture f1 = new EngineFixture(List.of(servfail.address()), b -> b.retries(1));
             EngineFixture f2 = new EngineFixture(List.of(refused.address()), b -> b.retries(1))) {
            DnsAnswer a = f1.ask("a.example", DnsRecordType.A);
            assertEquals(ErrorKind.DNS_SERVFAIL, a.error().kind());
            assertEquals(2, a.attempts());
            assertEquals(ErrorKind.DNS_REFUSED, f2.ask("a.example", DnsRecordType.A).error().kind());
        }
    }

    @Test
    void deadResolverIsSkippedByRotation() throws Exception {
        try (ScriptedResolver silent = new ScriptedResolver((q, s) -> { });
             ScriptedResolver good = new ScriptedResolver((q, s) -> s.send(ScriptedResolver.genuine(q), q.from()));
             EngineFixture f = new EngineFixture(List.of(silent.address(), good.address()), b -> { })) {
            int viaSilent = 0;
            for (int i = 0; i < 6; i++) {
                DnsAnswer a = f.ask("n" + i + ".example", DnsRecordType.A);
                assertNull(a.error());
                assertEquals(good.address(), a.resolver());
                if (a.attempts() == 2) {
                    viaSilent++;
                }
            }
            assertEquals(3, viaSilent, "questions start on each resolver in turn");
            assertEquals(3, silent.received());
        }
    }

    @Test
    void invalidNameIsAnsweredAtOnceWithInvalidInput() throws Exception {
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> s.send(ScriptedResolver.genuine(q), q.from()));
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> { })) {
            DnsAnswer a = f.ask("a..b", DnsRecordType.A);
            assertEquals(ErrorKind.INVALID_INPUT, a.error().kind());
            assertEquals(0, server.received());
        }
    }
}
