package dev.bulkfetch.dns;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates and parses a reply without building codec objects: the header, the echoed question and
 * the answer records. Every read is bounds-checked and compression pointers may only point
 * backwards, so hostile packets (pointer loops, truncation, absurd counts) end in a
 * {@link MalformedReplyException} in bounded time.
 *
 * <p>One reader serves one event loop: {@link #load} copies a datagram into an array it reuses, and
 * everything after indexes that array. Reading the same bytes through a sliced pooled buffer (bounds
 * check and two unwraps per byte) was the largest part of the loop's time in profiles of a sweep.
 */
final class DnsReplyReader {
    static final int HEADER = 12;
    private static final int FLAG_QR = 0x8000;
    private static final int FLAG_TC = 0x0200;
    private static final int MAX_POINTER_JUMPS = 32;
    private static final int MAX_NAME = 255;
    private static final int CLASS_IN = 1;

    private byte[] message = new byte[4096];
    private int end;
    private final PresentationText text = new PresentationText();

    /**
     * Takes a copy of the readable bytes of {@code buf} (which is left as it was) as the message
     * the other methods read.
     *
     * @return the message id, or -1 when it is too short to be a DNS message
     */
    int load(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n > message.length) {
            message = new byte[Math.max(n, 2 * message.length)]; // only a TCP reply gets here
        }
        buf.getBytes(buf.readerIndex(), message, 0, n);
        end = n;
        return n < HEADER ? -1 : u16(message, 0);
    }

    /**
     * True when the loaded message is a response to a standard query for exactly this name
     * (compared case-insensitively), type and class IN. Forged or stale replies fail here.
     */
    boolean answersQuestion(byte[] qnameWire, int qtype) {
        byte[] m = message;
        if (end < HEADER + qnameWire.length + 4) {
            return false;
        }
        int flags = u16(m, 2);
        if ((flags & FLAG_QR) == 0 || ((flags >>> 11) & 0xF) != 0 || u16(m, 4) != 1) {
            return false;
        }
        int p = HEADER;
        for (byte expected : qnameWire) {
            if (!DnsName.equalsIgnoreCase(m[p++], expected)) {
                return false;
            }
        }
        return u16(m, p) == qtype && u16(m, p + 2) == 1;
    }

    /**
     * Parses the loaded message, whose question {@link #answersQuestion matched}.
     *
     * @param questionOwner the question name, lower-case with a trailing dot: records owned by the
     *                      question (a pointer to offset 12, the usual case) reuse it instead of a
     *                      freshly decoded copy
     */
    DnsReply parse(byte[] qnameWire, String questionOwner) throws MalformedReplyException {
        byte[] m = message;
        int flags = u16(m, 2);
        int rcode = flags & 0xF;
        boolean truncated = (flags & FLAG_TC) != 0;
        int ancount = u16(m, 6);
        int p = HEADER + qnameWire.length + 4;
        List<DnsRecord> answers = ancount == 0 ? List.of() : new ArrayList<>(Math.min(ancount, 64));
        for (int i = 0; i < ancount; i++) {
            if (p >= end && truncated) {
                break; // a truncated reply may stop mid-section; TCP brings the rest
            }
            String owner;
            if (p + 1 < end && u16(m, p) == (0xC000 | HEADER)) {
                owner = questionOwner;
                p += 2;
            } else {
                text.clear();
                p = readName(m, end, p, text);
                owner = text.toLowerCaseString();
            }
            need(end, p, 10);
            int type = u16(m, p);
            long ttl = u32(m, p + 4);
            int rdlength = u16(m, p + 8);
            p += 10;
            need(end, p, rdlength);
            if (u16(m, p - 8) == CLASS_IN) {
                text.clear();
                answers.add(new DnsRecord(owner, type, ttl, RecordData.format(m, end, p, rdlength, type, text)));
            }
            p += rdlength;
        }
        return new DnsReply(rcode, truncated, answers);
    }

    /**
     * Reads a possibly compressed name at {@code p} of a message ending at {@code end} into
     * {@code sb} (with a trailing dot) and returns the offset just past it in the record. The root
     * name is written as a single dot, also after text already in {@code sb} (the target of a null
     * MX, {@code 0 .}, or of an SRV record saying no service, {@code 0 0 0 .}).
     */
    static int readName(byte[] m, int end, int p, PresentationText sb) throws MalformedReplyException {
        int after = -1;
        int jumps = 0;
        int length = 1; // RFC 1035 3.1: the 255 octets include the root label's zero length octet
        int lowestSeen = p; // pointers must go strictly before every position read so far: no loops
        int nameStart = sb.length();
        while (true) {
            need(end, p, 1);
            int len = u8(m, p);
            if (len == 0) {
                if (after < 0) {
                    after = p + 1;
                }
                if (sb.length() == nameStart) {
                    sb.append('.');
                }
                return after;
            }
            if ((len & 0xC0) == 0xC0) {
                need(end, p, 2);
                int target = ((len & 0x3F) << 8) | u8(m, p + 1);
                if (target >= lowestSeen || ++jumps > MAX_POINTER_JUMPS) {
                    throw new MalformedReplyException("bad compression pointer");
                }
                if (after < 0) {
                    after = p + 2;
                }
                p = target;
                lowestSeen = target;
                continue;
            }
            if ((len & 0xC0) != 0) {
                throw new MalformedReplyException("unknown label type");
            }
            length += len + 1;
            if (length > MAX_NAME) {
                throw new MalformedReplyException("name longer than 255 bytes");
            }
            need(end, p + 1, len);
            appendLabel(m, p + 1, len, sb);
            sb.append('.');
            p += 1 + len;
        }
    }

    private static void appendLabel(byte[] m, int from, int len, PresentationText sb) {
        int plain = from;
        for (int i = from; i < from + len; i++) {
            int c = u8(m, i);
            if (c <= 0x20 || c >= 0x7F || c == '.' || c == '\\' || c == '"') {
                sb.appendPrintable(m, plain, i - plain).appendDecimalEscape(c);
                plain = i + 1;
            }
        }
        sb.appendPrintable(m, plain, from + len - plain);
    }

    static int u8(byte[] m, int p) {
        return m[p] & 0xFF;
    }

    static int u16(byte[] m, int p) {
        return u8(m, p) << 8 | u8(m, p + 1);
    }

    static long u32(byte[] m, int p) {
        return (long) u16(m, p) << 16 | u16(m, p + 2);
    }

    /** Fails unless {@code n} bytes from {@code p} lie inside a message ending at {@code end}. */
    static void need(int end, int p, int n) throws MalformedReplyException {
        if (n < 0 || p < 0 || p + n > end) {
            throw new MalformedReplyException("reply ends inside a record");
        }
    }
}
