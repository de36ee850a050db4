package dev.bulkfetch.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.DnsResponseCode;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our in-place reader and writer checked against Netty's DNS codec as the oracle. */
class DnsReplyReaderTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 2);

    @Test
    void queryWrittenByHandIsReadBackByNettysDecoder() {
        ByteBuf buf = Unpooled.buffer();
        new DnsQueryWriter().write(buf, 4242, DnsName.toWire("www.Example.org."), DnsRecordType.AAAA, true, 1232);
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramDnsQueryDecoder());
        ch.writeInbound(new DatagramPacket(buf, A, B));
        DnsQuery q = ch.readInbound();
        assertEquals(4242, q.id());
        assertTrue(q.isRecursionDesired());
        DnsRecord question = q.recordAt(DnsSection.QUESTION);
        assertEquals("www.Example.org.", question.name());
        assertEquals(DnsRecordType.AAAA, question.type().intValue());
        assertEquals(1, q.count(DnsSection.ADDITIONAL), "EDNS OPT record");
        q.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void recordsEncodedByNettyAreFormattedLikeDig() throws Exception {
        DatagramDnsResponse r = new DatagramDnsResponse(B, A, 7);
        r.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion("x.test.", io.netty.handler.codec.dns.DnsRecordType.ANY));
        r.addRecord(DnsSection.ANSWER, new DefaultDnsPtrRecord("x.test.", 1, 300, "target.test."));
        r.addRecord(DnsSection.ANSWER, raw("x.test.", DnsRecordType.A, new byte[] {10, 1, 2, 3}));
        r.addRecord(DnsSection.ANSWER, raw("x.test.", DnsRecordType.AAAA,
                new byte[] {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        r.addRecord(DnsSection.ANSWER, raw("x.test.", DnsRecordType.TXT, new byte[] {2, 'h', 'i', 3, 'a', '"', 'b'}));
        r.addRecord(DnsSection.ANSWER, raw("x.test.", 99, new byte[] {1, (byte) 0xAB}));
        r.setCode(DnsResponseCode.NOERROR);
        ByteBuf wire = encode(r);
        byte[] q = DnsName.toWire("x.test.");
        DnsReplyReader reader = new DnsReplyReader();
        reader.load(wire);
        assertTrue(reader.answersQuestion(q, DnsRecordType.ANY));
        DnsReply reply = reader.parse(q, "x.test.");
        assertEquals(List.of("target.test.", "10.1.2.3", "2001:db8::1", "\"hi\" \"a\\\"b\"", "\\# 2 01AB"),
                reply.answers().stream().map(dev.bulkfetch.dns.DnsRecord::data).toList());
        assertEquals(300, reply.answers().get(0).ttl());
        wire.release();
    }

    @Test
    void pointerLoopsAndForwardPointersAreMalformed() {
        byte[] selfLoop = ReplyBytes.answerHeader(1, 0, 1).question("a.test", 1).raw((byte) 0xC0, (byte) 29)
                .rr(1, 1, new byte[] {1, 2, 3, 4}).bytes();
        assertMalformed(selfLoop);
        byte[] forward = ReplyBytes.answerHeader(1, 0, 1).question("a.test", 1).raw((byte) 0xC0, (byte) 60)
                .rr(1, 1, new byte[] {1, 2, 3, 4}).bytes();
        assertMalformed(forward);
    }

    @Test
    void everyTruncationOfAValidReplyIsRejected() throws Exception {
        byte[] full = ReplyBytes.answerHeader(9, 0, 2).question("a.test", DnsRecordType.MX)
                .pointer(12).rr(DnsRecordType.MX, 5, new ReplyBytes().u16(10).name("mx.a.test").bytes())
                .pointer(12).rr(DnsRecordType.MX, 5, new ReplyBytes().u16(20).pointer(12).bytes()).bytes();
        byte[] q = DnsName.toWire("a.test");
        // one reader for all: its array still holds the whole reply behind each shorter one, so a read
        // past the end of a message would find valid bytes there and parse instead of failing
        DnsReplyReader reader = new DnsReplyReader();
        reader.load(Unpooled.wrappedBuffer(full));
        DnsReply ok = reader.parse(q, "a.test.");
        assertEquals(List.of("10 mx.a.test.", "20 a.test."), ok.answers().stream().map(dev.bulkfetch.dns.DnsRecord::data).toList());
        for (int len = 0; len < full.length; len++) {
            int id = reader.load(Unpooled.wrappedBuffer(full, 0, len));
            if (id >= 0 && reader.answersQuestion(q, DnsRecordType.MX)) {
                int shown = len;
                org.junit.jupiter.api.Assertions.assertThrows(MalformedReplyException.class,
                        () -> reader.parse(q, "a.test."), () -> "the first " + shown + " bytes");
            }
        }
    }

    @Test
    void randomBytesNeverEscapeAsExceptions() {
        Random random = new Random(42);
        byte[] q = DnsName.toWire("a.test");
        byte[] template = ReplyBytes.answerHeader(9, 0, 1).question("a.test", 1).pointer(12)
                .rr(1, 5, new byte[] {1, 2, 3, 4}).bytes();
        for (int i = 0; i < 20_000; i++) {
            byte[] b = template.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                int at = 12 + q.length + 4 + random.nextInt(b.length - 12 - q.length - 4);
                b[at] = (byte) random.nextInt(256);
            }
            try {
                parse(b);
            } catch (MalformedReplyException expected) {
                // fine
            }
        }
    }

    @Test
    void rootTargetsArePrintedAsADot() throws Exception {
        // a null MX (RFC 7505) and an SRV record saying "no such service here" (RFC 2782) name the root
        byte[] wire = ReplyBytes.answerHeader(3, 0, 2).question("a.test", DnsRecordType.ANY)
                .pointer(12).rr(DnsRecordType.MX, 60, new ReplyBytes().u16(0).name(".").bytes())
                .pointer(12).rr(DnsRecordType.SRV, 60, new ReplyBytes().u16(0).u16(0).u16(0).name(".").bytes()).bytes();
        DnsReply reply = parse(wire);
        assertEquals(List.of("0 .", "0 0 0 ."), reply.answers().stream().map(dev.bulkfetch.dns.DnsRecord::data).toList());
    }

    @Test
    void namesOfMoreThan255BytesAreMalformed() throws Exception {
        // 3 labels of 63 and one of 61: 4 * 64 - 2 + the root byte = 255 bytes on the wire, the most allowed
        String longest = ("a".repeat(63) + ".").repeat(3) + "b".repeat(61) + ".";
        assertEquals(255, DnsName.toWire(longest).length);
        byte[] ok = ReplyBytes.answerHeader(3, 0, 1).question("a.test", DnsRecordType.CNAME)
                .pointer(12).rr(DnsRecordType.CNAME, 60, ReplyBytes.wireName(longest)).bytes();
        DnsReply reply = parse(ok);
        assertEquals(longest, reply.answers().get(0).data());
        String tooLong = ("a".repeat(63) + ".").repeat(3) + "b".repeat(62) + ".";
        byte[] bad = ReplyBytes.answerHeader(3, 0, 1).question("a.test", DnsRecordType.CNAME)
                .pointer(12).rr(DnsRecordType.CNAME, 60, ReplyBytes.wireName(tooLong)).bytes();
        org.junit.jupiter.api.Assertions.assertThrows(MalformedReplyException.class,
                () -> parse(bad));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DnsName.toWire(tooLong),
                "the reader and the query writer agree on the limit");
    }

    @Test
    void caaTagBytesOutsidePrintableAsciiAreEscaped() throws Exception {
        // a hostile tag holding a line break must not start a forged line in the text output
        byte[] rdata = new ReplyBytes().raw((byte) 0, (byte) 9).raw("x\nA 6.6.6".getBytes(StandardCharsets.US_ASCII))
                .raw("v".getBytes(StandardCharsets.US_ASCII)).bytes();
        byte[] wire = ReplyBytes.answerHeader(3, 0, 2).question("a.test", DnsRecordType.CAA)
                .pointer(12).rr(DnsRecordType.CAA, 60, rdata)
                .pointer(12).rr(DnsRecordType.CAA, 60, new ReplyBytes().raw((byte) 128, (byte) 5)
                        .raw("issueca.test".getBytes(StandardCharsets.US_ASCII)).bytes()).bytes();
        DnsReply reply = parse(wire);
        assertEquals(List.of("0 x\\010A\\0326.6.6 \"v\"", "128 issue \"ca.test\""),
                reply.answers().stream().map(dev.bulkfetch.dns.DnsRecord::data).toList());
    }

    @Test
    void nameEncodingChecksLabels() {
        assertArrayEquals(new byte[] {1, 'a', 0}, DnsName.toWire("a."));
        assertArrayEquals(new byte[] {0}, DnsName.toWire("."));
        assertArrayEquals(new byte[] {3, 'a', '?', 'b', 0}, DnsName.toWire("a?b"));
        for (String bad : List.of("a..b", "x".repeat(64) + ".com", ("a".repeat(63) + ".").repeat(5), "bü.de", "a b",
                "a\u0100b.de", "\u20ac.de", "x.\uD83D\uDE00", "a\tb", "a\u007fb")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DnsName.toWire(bad), bad);
        }
    }

    @Test
    void ownerKeyFromTheWireFormMatchesTheTextRule() {
        for (String name : List.of("a.test.", "a.test", "A.Test.", "4.3.2.1.in-addr.arpa.", "x.IN-ADDR.ARPA.", ".",
                "a?b.", "z.", "Z.", "@.[.`.{.")) {
            byte[] wire = DnsName.toWire(name);
            assertEquals(CnameChain.ownerKey(name), CnameChain.ownerKey(name, wire), name);
        }
        String fqdn = "4.3.2.1.in-addr.arpa.";
        org.junit.jupiter.api.Assertions.assertSame(fqdn, CnameChain.ownerKey(fqdn, DnsName.toWire(fqdn)),
                "an owner key already: no copy");
    }

    private static void assertMalformed(byte[] bytes) {
        org.junit.jupiter.api.Assertions.assertThrows(MalformedReplyException.class,
                () -> parse(bytes));
    }

    /** A reply to a question about a.test, parsed as the engine parses one whose id and question matched. */
    private static DnsReply parse(byte[] bytes) throws MalformedReplyException {
        DnsReplyReader reader = new DnsReplyReader();
        reader.load(Unpooled.wrappedBuffer(bytes));
        return reader.parse(DnsName.toWire("a.test"), "a.test.");
    }

    private static DnsRecord raw(String name, int type, byte[] data) {
        return new DefaultDnsRawRecord(name, io.netty.handler.codec.dns.DnsRecordType.valueOf(type), 300,
                Unpooled.wrappedBuffer(data));
    }

    private static ByteBuf encode(DatagramDnsResponse r) {
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramDnsResponseEncoder());
        ch.writeOutbound(r);
        DatagramPacket p = ch.readOutbound();
        ch.finishAndReleaseAll();
        return p.content();
    }
}
