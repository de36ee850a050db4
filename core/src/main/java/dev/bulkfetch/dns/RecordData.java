package dev.bulkfetch.dns;

import java.util.Arrays;

/** Formats record data in the presentation form dig prints, reading it in place from the reply. */
final class RecordData {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RecordData() {
    }

    /**
     * The data of a record at {@code p} of a message ending at {@code messageEnd}, written into
     * {@code sb} (empty, reused from record to record) and returned as a string.
     */
    static String format(byte[] m, int messageEnd, int p, int length, int type, PresentationText sb)
            throws MalformedReplyException {
        int end = p + length;
        switch (type) {
            case DnsRecordType.A -> {
                exact(length, 4);
                sb.append(DnsReplyReader.u8(m, p)).append('.').append(DnsReplyReader.u8(m, p + 1)).append('.')
                        .append(DnsReplyReader.u8(m, p + 2)).append('.').append(DnsReplyReader.u8(m, p + 3));
            }
            case DnsRecordType.AAAA -> {
                exact(length, 16);
                sb.append(Ipv6Text.format(Arrays.copyOfRange(m, p, p + 16)));
            }
            case DnsRecordType.NS, DnsRecordType.CNAME, DnsRecordType.PTR -> within(
                    DnsReplyReader.readName(m, messageEnd, p, sb), end);
            case DnsRecordType.MX -> {
                atLeast(length, 3);
                sb.append(DnsReplyReader.u16(m, p)).append(' ');
                within(DnsReplyReader.readName(m, messageEnd, p + 2, sb), end);
            }
            case DnsRecordType.SRV -> {
                atLeast(length, 7);
                sb.append(DnsReplyReader.u16(m, p)).append(' ').append(DnsReplyReader.u16(m, p + 2)).append(' ')
                        .append(DnsReplyReader.u16(m, p + 4)).append(' ');
                within(DnsReplyReader.readName(m, messageEnd, p + 6, sb), end);
            }
            case DnsRecordType.SOA -> {
                int q = DnsReplyReader.readName(m, messageEnd, p, sb);
                sb.append(' ');
                q = DnsReplyReader.readName(m, messageEnd, q, sb);
                if (q + 20 != end) {
                    throw new MalformedReplyException("SOA record of the wrong length");
                }
                for (int i = 0; i < 5; i++) {
                    sb.append(' ').append(DnsReplyReader.u32(m, q + 4 * i));
                }
            }
            case DnsRecordType.TXT -> {
                int q = p;
                while (q < end) {
                    int len = DnsReplyReader.u8(m, q);
                    within(q + 1 + len, end);
                    if (q > p) {
                        sb.append(' ');
                    }
                    appendQuoted(m, q + 1, len, sb);
                    q += 1 + len;
                }
            }
            case DnsRecordType.CAA -> {
                atLeast(length, 2);
                int tagLength = DnsReplyReader.u8(m, p + 1);
                within(p + 2 + tagLength, end);
                sb.append(DnsReplyReader.u8(m, p)).append(' ');
                appendTag(m, p + 2, tagLength, sb);
                sb.append(' ');
                appendQuoted(m, p + 2 + tagLength, end - p - 2 - tagLength, sb);
            }
            default -> {
                // RFC 3597 generic form for types we do not interpret
                sb.append("\\# ").append(length);
                if (length > 0) {
                    sb.append(' ');
                    for (int i = 0; i < length; i++) {
                        int b = DnsReplyReader.u8(m, p + i);
                        sb.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * A CAA tag is letters and digits (RFC 8659 4.1), written as it is; any other byte a server sends
     * is escaped as {@code \DDD}, so a control byte can never reach a line-based output as a line break.
     */
    private static void appendTag(byte[] m, int from, int len, PresentationText sb) {
        for (int i = 0; i < len; i++) {
            int c = DnsReplyReader.u8(m, from + i);
            if (c > 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.appendDecimalEscape(c);
            }
        }
    }

    private static void appendQuoted(byte[] m, int from, int len, PresentationText sb) {
        sb.append('"');
        for (int i = 0; i < len; i++) {
            int c = DnsReplyReader.u8(m, from + i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.appendDecimalEscape(c);
            }
        }
        sb.append('"');
    }

    private static void exact(int length, int expected) throws MalformedReplyException {
        if (length != expected) {
            throw new MalformedReplyException("record data of length " + length + ", expected " + expected);
        }
    }

    private static void atLeast(int length, int min) throws MalformedReplyException {
        if (length < min) {
            throw new MalformedReplyException("record data too short");
        }
    }

    private static void within(int position, int end) throws MalformedReplyException {
        if (position > end) {
            throw new MalformedReplyException("record data overruns its length");
        }
    }
}
