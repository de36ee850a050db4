package dev.bulkfetch.dns;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates and parses a reply in place, without building codec objects: the header, the echoed
 * question and the answer records. Every read is bounds-checked and compression pointers may only
 * point backwards, so hostile packets (pointer loops, truncation, absurd counts) end in a
 * {@link MalformedReplyException} in bounded time.
 */
final class DnsReplyReader {
    static final int HEADER = 12;
    private static final int FLAG_QR = 0x8000;
    private static final int FLAG_TC = 0x0200;
    private static final int MAX_POINTER_JUMPS = 32;
    private static final int MAX_NAME = 255;
    private static final int CLASS_IN = 1;

    private DnsReplyReader() {
    }

    /** The id of a datagram, or -1 when it is too short to be a DNS message. */
    static int id(ByteBuf buf) {
        int start = buf.readerIndex();
        return buf.readableBytes() < HEADER ? -1 : buf.getUnsignedShort(start);
    }

    /**
     * True when the datagram is a response to a standard query for exactly this name (compared
     * case-insensitively), type and class IN. Forged or stale replies fail here.
     */
    static boolean answersQuestion(ByteBuf buf, byte[] qnameWire, int qtype) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        if (end - start < HEADER + qnameWire.length + 4) {
            return false;
        }
        int flags = buf.getUnsignedShort(start + 2);
        if ((flags & FLAG_QR) == 0 || ((flags >>> 11) & 0xF) != 0 || buf.getUnsignedShort(start + 4) != 1) {
            return false;
        }
        int p = start + HEADER;
        for (byte expected : qnameWire) {
            if (!DnsName.equalsIgnoreCase(buf.getByte(p++), expected)) {
                return false;
            }
        }
        return buf.getUnsignedShort(p) == qtype && buf.getUnsignedShort(p + 2) == 1;
    }

    /**
     * Parses a reply whose question {@link #answersQuestion matched}.
     *
     * @param questionOwner the question name, lower-case with a trailing dot: records owned by the
     *                      question (a pointer to offset 12, the usual case) reuse it instead of a
     *                      freshly decoded copy
     */
    static DnsReply parse(ByteBuf buf, byte[] qnameWire, String questionOwner) throws MalformedReplyException {
        try {
            int start = buf.readerIndex();
            int flags = buf.getUnsignedShort(start + 2);
            int rcode = flags & 0xF;
            boolean truncated = (flags & FLAG_TC) != 0;
            int ancount = buf.getUnsignedShort(start + 6);
            int p = start + HEADER + qnameWire.length + 4;
            List<DnsRecord> answers = ancount == 0 ? List.of() : new ArrayList<>(Math.min(ancount, 64));
            StringBuilder sb = new StringBuilder(64);
            for (int i = 0; i < ancount; i++) {
                if (p >= buf.writerIndex() && truncated) {
                    break; // a truncated reply may stop mid-section; TCP brings the rest
                }
                String owner;
                if (p + 1 < buf.writerIndex() && buf.getUnsignedShort(p) == (0xC000 | HEADER)) {
                    owner = questionOwner;
                    p += 2;
                } else {
                    sb.setLength(0);
                    p = readName(buf, start, p, sb);
                    owner = sb.toString().toLowerCase(Locale.ROOT);
                }
                need(buf, p, 10);
                int type = buf.getUnsignedShort(p);
                long ttl = buf.getUnsignedInt(p + 4);
                int rdlength = buf.getUnsignedShort(p + 8);
                p += 10;
                need(buf, p, rdlength);
                if (buf.getUnsignedShort(p - 8) == CLASS_IN) {
                    answers.add(new DnsRecord(owner, type, ttl, RecordData.format(buf, start, p, rdlength, type)));
                }
                p += rdlength;
            }
            return new DnsReply(rcode, truncated, answers);
        } catch (IndexOutOfBoundsException e) {
            throw new MalformedReplyException("reply shorter than its records say");
        }
    }

    /**
     * Reads a possibly compressed name at {@code p} into {@code sb} (with a trailing dot) and returns
     * the offset just past it in the record. The root name is written as a single dot, also after text
     * already in {@code sb} (the target of a null MX, {@code 0 .}, or of an SRV record saying no
     * service, {@code 0 0 0 .}).
     */
    static int readName(ByteBuf buf, int messageStart, int p, StringBuilder sb) throws MalformedReplyException {
        int end = -1;
        int jumps = 0;
        int length = 1; // RFC 1035 3.1: the 255 octets include the root label's zero length octet
        int lowestSeen = p; // pointers must go strictly before every position read so far: no loops
        int nameStart = sb.length();
        while (true) {
            need(buf, p, 1);
            int len = buf.getUnsignedByte(p);
            if (len == 0) {
                if (end < 0) {
                    end = p + 1;
                }
                if (sb.length() == nameStart) {
                    sb.append('.');
                }
                return end;
            }
            if ((len & 0xC0) == 0xC0) {
                need(buf, p, 2);
                int target = messageStart + (((len & 0x3F) << 8) | buf.getUnsignedByte(p + 1));
                if (target >= lowestSeen || ++jumps > MAX_POINTER_JUMPS) {
                    throw new MalformedReplyException("bad compression pointer");
                }
                if (end < 0) {
                    end = p + 2;
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
            need(buf, p + 1, len);
            appendLabel(buf, p + 1, len, sb);
            sb.append('.');
            p += 1 + len;
        }
    }

    private static void appendLabel(ByteBuf buf, int from, int len, StringBuilder sb) {
        for (int i = 0; i < len; i++) {
            int c = buf.getUnsignedByte(from + i);
            if (c > 0x20 && c < 0x7F && c != '.' && c != '\\' && c != '"') {
                sb.append((char) c);
            } else {
                // RFC 1035 presentation escape keeps odd bytes visible and unambiguous
                sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10))
                        .append((char) ('0' + c % 10));
            }
        }
    }

    static void need(ByteBuf buf, int p, int n) throws MalformedReplyException {
        if (n < 0 || p < 0 || p + n > buf.writerIndex()) {
            throw new MalformedReplyException("reply ends inside a record");
        }
    }
}
