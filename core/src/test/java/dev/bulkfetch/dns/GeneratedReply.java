package dev.bulkfetch.dns;

import dev.bulkfetch.property.Gen;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A reply made up from a model (question, answer records of every type the reader formats, some
 * records of another class, trailing sections), encoded as wire bytes, together with the records the
 * reader must produce: the oracle for the DNS properties.
 *
 * <p>Two encoders: Netty's DNS codec (uncompressed names, a second implementation of the format) and
 * our own, which compresses names with pointers to earlier occurrences and records where each pointer
 * sits so mutations can redirect them. Names written by ours may hold any byte in a label; Netty's
 * take letters, digits and hyphens only.
 *
 * @param asked     the name the query asked for (what {@link DnsName#toWire} got)
 * @param qtype     the type asked for
 * @param wire      the datagram
 * @param expected  the records the reader must return, in order (AAAA data in full eight-group form)
 * @param pointers  offsets of the compression pointers in the wire bytes (empty for Netty's encoding)
 * @param nameStarts offsets where a name (or the rest of one) starts in the wire bytes
 * @param encoder   "netty" or "compressing"
 */
record GeneratedReply(String asked, int qtype, byte[] wire, List<DnsRecord> expected, List<Integer> pointers,
                      List<Integer> nameStarts, String encoder) {

    private static final int CLASS_IN = 1;
    private static final int CLASS_CH = 3;
    private static final String LDH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
    private static final int[] TYPES = {DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.NS, DnsRecordType.CNAME,
        DnsRecordType.PTR, DnsRecordType.MX, DnsRecordType.SRV, DnsRecordType.SOA, DnsRecordType.TXT, DnsRecordType.CAA};
    private static final int[] QTYPES = {DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.PTR, DnsRecordType.MX,
        DnsRecordType.TXT, DnsRecordType.CNAME, DnsRecordType.SOA, DnsRecordType.SRV, DnsRecordType.CAA, DnsRecordType.ANY};

    /** A name as wire labels (no root label). */
    record Name(List<byte[]> labels) {
        int wireLength() {
            int n = 1;
            for (byte[] l : labels) {
                n += 1 + l.length;
            }
            return n;
        }

        boolean ldh() {
            for (byte[] l : labels) {
                for (byte b : l) {
                    if (LDH.indexOf(b) < 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (byte[] l : labels) {
                sb.append(new String(l, StandardCharsets.ISO_8859_1)).append('.');
            }
            return sb.length() == 0 ? "." : sb.toString();
        }

        /** The presentation form the reader gives: RFC 1035 escapes, a trailing dot. */
        String presentation() {
            if (labels.isEmpty()) {
                return ".";
            }
            StringBuilder sb = new StringBuilder();
            for (byte[] l : labels) {
                for (byte b : l) {
                    int c = b & 0xFF;
                    if (c > 0x20 && c < 0x7F && c != '.' && c != '\\' && c != '"') {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\%03d", c));
                    }
                }
                sb.append('.');
            }
            return sb.toString();
        }

        Name withRandomCase(SplittableRandom r) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] l : labels) {
                byte[] c = l.clone();
                for (int i = 0; i < c.length; i++) {
                    if (Character.isLetter(c[i]) && r.nextBoolean()) {
                        c[i] = (byte) (c[i] ^ 0x20); // 0x20 mixing, as resolvers do
                    }
                }
                out.add(c);
            }
            return new Name(out);
        }
    }

    /** One piece of record data: raw bytes, or a name (which our encoder may compress). */
    private record Part(byte[] raw, Name name) {
        static Part raw(byte[] b) {
            return new Part(b, null);
        }

        static Part name(Name n) {
            return new Part(null, n);
        }
    }

    private record Rr(Name owner, boolean ownerIsQuestion, int type, int dnsClass, long ttl, List<Part> rdata,
                      String data) {
    }

    /**
     * A valid reply to a question this method makes up.
     *
     * @param allowAnyBytes names may hold any byte (forces our encoder); else LDH names, either encoder
     */
    static GeneratedReply generate(SplittableRandom r, boolean allowAnyBytes) {
        Name question = ldhName(r, Gen.between(r, 1, 4), 20);
        return generate(r, question.text(), Gen.pick(r, Arrays.stream(QTYPES).boxed().toList()), Gen.between(r, 0, 0xFFFF),
                allowAnyBytes);
    }

    /** A valid reply to the given question and id. */
    static GeneratedReply generate(SplittableRandom r, String asked, int qtype, int id, boolean allowAnyBytes) {
        Name question = parseText(asked);
        boolean anyBytes = allowAnyBytes && Gen.chance(r, 0.5);
        boolean useNetty = !anyBytes && Gen.chance(r, 0.4);
        List<Name> names = new ArrayList<>();
        names.add(question);
        for (int i = Gen.between(r, 0, 3); i > 0; i--) {
            names.add(anyBytes && Gen.chance(r, 0.5) ? anyName(r) : ldhName(r, Gen.between(r, 1, 5), 30));
        }
        if (Gen.chance(r, 0.1)) {
            names.add(longName(r, Gen.between(r, 240, 255), anyBytes)); // at the 255-byte limit, still valid
        }
        if (Gen.chance(r, 0.05)) {
            names.add(new Name(List.of())); // the root
        }
        int count = Gen.size(r, 12);
        List<Rr> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(record(r, names, question, qtype));
        }
        List<Rr> additional = new ArrayList<>();
        for (int i = Gen.chance(r, 0.2) ? Gen.between(r, 1, 3) : 0; i > 0; i--) {
            additional.add(record(r, names, question, qtype));
        }
        int rcode = Gen.chance(r, 0.8) ? Gen.pick(r, 0, 0, 0, 3) : Gen.between(r, 1, 5);
        boolean truncated = Gen.chance(r, 0.1);
        int present = truncated ? Gen.between(r, 0, answers.size()) : answers.size();
        Name echoed = question.withRandomCase(r);
        byte[] wire;
        List<Integer> pointers = new ArrayList<>();
        List<Integer> nameStarts = new ArrayList<>();
        if (useNetty) {
            wire = nettyEncode(id, rcode, truncated, echoed, qtype, answers.subList(0, present),
                    truncated ? List.of() : additional);
        } else {
            wire = compressingEncode(r, id, rcode, truncated, echoed, qtype, answers, present,
                    truncated ? List.of() : additional, pointers, nameStarts);
        }
        List<DnsRecord> expected = new ArrayList<>();
        String owner = CnameChain.ownerKey(asked);
        for (Rr rr : answers.subList(0, present)) {
            if (rr.dnsClass == CLASS_IN) {
                String o = rr.ownerIsQuestion ? owner : rr.owner.presentation().toLowerCase(Locale.ROOT);
                expected.add(new DnsRecord(o, rr.type, rr.ttl, rr.data));
            }
        }
        return new GeneratedReply(asked, qtype, wire, expected, pointers, nameStarts, useNetty ? "netty" : "compressing");
    }

    private static Rr record(SplittableRandom r, List<Name> names, Name question, int qtype) {
        boolean ownerIsQuestion = Gen.chance(r, 0.6);
        Name owner = ownerIsQuestion ? question.withRandomCase(r) : Gen.pick(r, names);
        int type = Gen.chance(r, 0.5) && qtype != DnsRecordType.ANY ? qtype
                : Gen.chance(r, 0.9) ? Gen.pick(r, Arrays.stream(TYPES).boxed().toList()) : unknownType(r);
        int dnsClass = Gen.chance(r, 0.95) ? CLASS_IN : CLASS_CH;
        long ttl = Gen.chance(r, 0.1) ? Gen.pick(r, 0L, 0xFFFFFFFFL, 0x80000000L) : r.nextInt(86_400);
        List<Part> rdata = new ArrayList<>();
        String data;
        switch (type) {
            case DnsRecordType.A -> {
                byte[] a = new byte[4];
                Gen.fill(r, a);
                rdata.add(Part.raw(a));
                data = (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
            }
            case DnsRecordType.AAAA -> {
                byte[] a = new byte[16];
                if (Gen.chance(r, 0.5)) {
                    for (int i = 0; i < 16; i++) {
                        a[i] = Gen.chance(r, 0.6) ? 0 : (byte) r.nextInt(256); // zero runs to compress
                    }
                } else {
                    Gen.fill(r, a);
                }
                rdata.add(Part.raw(a));
                data = fullIpv6(a); // the reader's RFC 5952 text is compared by the bytes it means
            }
            case DnsRecordType.NS, DnsRecordType.CNAME, DnsRecordType.PTR -> {
                Name n = Gen.pick(r, names);
                rdata.add(Part.name(n));
                data = n.presentation();
            }
            case DnsRecordType.MX -> {
                int pref = Gen.between(r, 0, 0xFFFF);
                Name n = Gen.pick(r, names);
                rdata.add(Part.raw(u16(pref)));
                rdata.add(Part.name(n));
                data = pref + " " + n.presentation();
            }
            case DnsRecordType.SRV -> {
                int p = Gen.between(r, 0, 0xFFFF);
                int w = Gen.between(r, 0, 0xFFFF);
                int port = Gen.between(r, 0, 0xFFFF);
                Name n = Gen.pick(r, names);
                rdata.add(Part.raw(concat(u16(p), u16(w), u16(port))));
                rdata.add(Part.name(n));
                data = p + " " + w + " " + port + " " + n.presentation();
            }
            case DnsRecordType.SOA -> {
                Name m = Gen.pick(r, names);
                Name rn = Gen.pick(r, names);
                long[] v = new long[5];
                byte[] tail = new byte[20];
                for (int i = 0; i < 5; i++) {
                    v[i] = r.nextLong(0x1_0000_0000L);
                    System.arraycopy(u32(v[i]), 0, tail, 4 * i, 4);
                }
                rdata.add(Part.name(m));
                rdata.add(Part.name(rn));
                rdata.add(Part.raw(tail));
                data = m.presentation() + " " + rn.presentation() + " " + v[0] + " " + v[1] + " " + v[2] + " " + v[3]
                        + " " + v[4];
            }
            case DnsRecordType.TXT -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                StringBuilder sb = new StringBuilder();
                for (int i = Gen.size(r, 4); i > 0; i--) {
                    byte[] s = Gen.chance(r, 0.5) ? Gen.from(r, LDH + " \"\\", 0, 40).getBytes(StandardCharsets.US_ASCII)
                            : Gen.bytes(r, Gen.chance(r, 0.1) ? 255 : 40);
                    out.write(s.length);
                    out.writeBytes(s);
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(quoted(s));
                }
                rdata.add(Part.raw(out.toByteArray()));
                data = sb.toString();
            }
            case DnsRecordType.CAA -> {
                int flags = Gen.pick(r, 0, 128, r.nextInt(256));
                byte[] tag = Gen.chance(r, 0.8) ? Gen.pick(r, "issue", "issuewild", "iodef", "tbs")
                        .getBytes(StandardCharsets.US_ASCII) : Gen.bytes(r, 15);
                byte[] value = Gen.chance(r, 0.5) ? Gen.from(r, LDH + ".;= \"", 0, 40).getBytes(StandardCharsets.US_ASCII)
                        : Gen.bytes(r, 40);
                rdata.add(Part.raw(concat(new byte[] {(byte) flags, (byte) tag.length}, tag, value)));
                data = flags + " " + escapedTag(tag) + " " + quoted(value);
            }
            default -> {
                byte[] b = Gen.bytes(r, 40);
                rdata.add(Part.raw(b));
                data = "\\# " + b.length + (b.length > 0 ? " " + HexFormat.of().withUpperCase().formatHex(b) : "");
            }
        }
        return new Rr(owner, ownerIsQuestion, type, dnsClass, ttl, rdata, data);
    }

    /** Eight groups, no compression: an independent spelling of the address to compare against. */
    static String fullIpv6(byte[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            sb.append(i > 0 ? ":" : "").append(Integer.toHexString((a[i] & 0xFF) << 8 | (a[i + 1] & 0xFF)));
        }
        return sb.toString();
    }

    private static int unknownType(SplittableRandom r) {
        while (true) {
            int t = r.nextInt(0x10000);
            if (Arrays.stream(TYPES).noneMatch(k -> k == t)) {
                return t;
            }
        }
    }

    /** TXT and CAA value form: quoted, '"' and '\' escaped, other bytes outside printable ASCII as \DDD. */
    static String quoted(byte[] s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s) {
            int c = b & 0xFF;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\%03d", c));
            }
        }
        return sb.append('"').toString();
    }

    /** CAA tag form: as it is when it is visible ASCII, else \DDD per byte (never a raw control byte). */
    static String escapedTag(byte[] tag) {
        StringBuilder sb = new StringBuilder();
        for (byte b : tag) {
            int c = b & 0xFF;
            if (c > 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\%03d", c));
            }
        }
        return sb.toString();
    }

    static Name ldhName(SplittableRandom r, int labels, int maxLabel) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < labels; i++) {
            out.add(Gen.from(r, LDH, 1, maxLabel).getBytes(StandardCharsets.US_ASCII));
        }
        return new Name(out);
    }

    static Name anyName(SplittableRandom r) {
        List<byte[]> out = new ArrayList<>();
        for (int i = Gen.between(r, 1, 4); i > 0; i--) {
            byte[] l = new byte[Gen.between(r, 1, 20)];
            Gen.fill(r, l);
            out.add(l);
        }
        return new Name(out);
    }

    /** A name of exactly {@code wireLength} bytes on the wire (root byte included), labels of at most 63. */
    static Name longName(SplittableRandom r, int wireLength, boolean anyBytes) {
        List<byte[]> out = new ArrayList<>();
        int left = wireLength - 1;
        while (left > 0) {
            int len = Math.min(63, left - 1);
            if (left - 1 - len == 1 || len < 1) {
                len = Math.max(1, len - 1); // never leave a remainder of one byte: a label needs two
            }
            byte[] l = anyBytes ? new byte[len] : Gen.from(r, LDH, len, len).getBytes(StandardCharsets.US_ASCII);
            if (anyBytes) {
                Gen.fill(r, l);
            }
            out.add(l);
            left -= 1 + len;
        }
        return new Name(out);
    }

    private static Name parseText(String text) {
        List<byte[]> out = new ArrayList<>();
        for (String l : text.split("\\.")) {
            if (!l.isEmpty()) {
                out.add(l.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return new Name(out);
    }

    private static byte[] nettyEncode(int id, int rcode, boolean truncated, Name question, int qtype, List<Rr> answers,
                                      List<Rr> additional) {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 53);
        DatagramDnsResponse resp = new DatagramDnsResponse(a, a, id, DnsOpCode.QUERY, DnsResponseCode.valueOf(rcode));
        resp.setAuthoritativeAnswer(true).setRecursionAvailable(true).setRecursionDesired(true).setTruncated(truncated);
        resp.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.text(),
                io.netty.handler.codec.dns.DnsRecordType.valueOf(qtype)));
        for (Rr rr : answers) {
            resp.addRecord(DnsSection.ANSWER, nettyRecord(rr));
        }
        for (Rr rr : additional) {
            resp.addRecord(DnsSection.ADDITIONAL, nettyRecord(rr));
        }
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramDnsResponseEncoder());
        try {
            ch.writeOutbound(resp);
            DatagramPacket p = ch.readOutbound();
            byte[] out = ByteBufUtil.getBytes(p.content());
            p.release();
            return out;
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static DefaultDnsRawRecord nettyRecord(Rr rr) {
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        for (Part p : rr.rdata) {
            rdata.writeBytes(p.raw != null ? p.raw : plainWire(p.name));
        }
        return new DefaultDnsRawRecord(rr.owner.text(), io.netty.handler.codec.dns.DnsRecordType.valueOf(rr.type),
                rr.dnsClass, rr.ttl, Unpooled.wrappedBuffer(rdata.toByteArray()));
    }

    static byte[] plainWire(Name n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : n.labels) {
            out.write(l.length);
            out.writeBytes(l);
        }
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] compressingEncode(SplittableRandom r, int id, int rcode, boolean truncated, Name question,
                                            int qtype, List<Rr> answers, int present, List<Rr> additional,
                                            List<Integer> pointers, List<Integer> nameStarts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flags = 0x8000 | 0x0400 | 0x0100 | 0x0080 | (truncated ? 0x0200 : 0) | rcode;
        writeU16(out, id);
        writeU16(out, flags);
        writeU16(out, 1);
        writeU16(out, answers.size()); // a truncated reply may promise more than it holds
        writeU16(out, 0);
        writeU16(out, additional.size());
        Map<String, Integer> seen = new HashMap<>();
        writeName(r, out, question, seen, pointers, nameStarts, false);
        writeU16(out, qtype);
        writeU16(out, CLASS_IN);
        List<Rr> all = new ArrayList<>(answers.subList(0, present));
        all.addAll(additional);
        for (Rr rr : all) {
            if (rr.ownerIsQuestion && Gen.chance(r, 0.8)) {
                pointers.add(out.size());
                writeU16(out, 0xC000 | DnsReplyReader.HEADER); // the usual: a pointer to the question
            } else {
                writeName(r, out, rr.owner, seen, pointers, nameStarts, true);
            }
            writeU16(out, rr.type);
            writeU16(out, rr.dnsClass);
            writeU32(out, rr.ttl);
            int lengthAt = out.size();
            writeU16(out, 0);
            for (Part p : rr.rdata) {
                if (p.raw != null) {
                    out.writeBytes(p.raw);
                } else {
                    writeName(r, out, p.name, seen, pointers, nameStarts, true);
                }
            }
            byte[] sofar = out.toByteArray();
            int rdlength = sofar.length - lengthAt - 2;
            sofar[lengthAt] = (byte) (rdlength >>> 8);
            sofar[lengthAt + 1] = (byte) rdlength;
            out.reset();
            out.writeBytes(sofar);
        }
        return out.toByteArray();
    }

    /**
     * Writes a name, replacing its longest already-written suffix by a pointer (when allowed and the
     * coin says so); suffixes are matched byte for byte, so the decoded case is what was written.
     */
    private static void writeName(SplittableRandom r, ByteArrayOutputStream out, Name n, Map<String, Integer> seen,
                                  List<Integer> pointers, List<Integer> nameStarts, boolean compress) {
        List<byte[]> labels = n.labels;
        nameStarts.add(out.size());
        for (int i = 0; i < labels.size(); i++) {
            String key = suffixKey(labels, i);
            Integer at = seen.get(key);
            if (compress && at != null && Gen.chance(r, 0.7)) {
                pointers.add(out.size());
                writeU16(out, 0xC000 | at);
                return;
            }
            if (out.size() < 0x3FFF && at == null) {
                seen.put(key, out.size());
            }
            if (i > 0) {
                nameStarts.add(out.size());
            }
            out.write(labels.get(i).length);
            out.writeBytes(labels.get(i));
        }
        out.write(0);
    }

    private static String suffixKey(List<byte[]> labels, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < labels.size(); i++) {
            sb.append(labels.get(i).length).append(':').append(new String(labels.get(i), StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static void writeU16(ByteArrayOutputStream out, int v) {
        out.writeBytes(u16(v));
    }

    private static void writeU32(ByteArrayOutputStream out, long v) {
        out.writeBytes(u32(v));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
