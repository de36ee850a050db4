package dev.bulkfetch.dns;

import io.netty.buffer.ByteBuf;

/** Formats record data in the presentation form dig prints, reading it in place from the reply. */
final class RecordData {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RecordData() {
    }

    static String format(ByteBuf buf, int messageStart, int p, int length, int type) throws MalformedReplyException {
        StringBuilder sb = new StringBuilder(Math.min(256, 16 + length));
        int end = p + length;
        switch (type) {
            case DnsRecordType.A -> {
                exact(length, 4);
                sb.append(buf.getUnsignedByte(p)).append('.').append(buf.getUnsignedByte(p + 1)).append('.')
                        .append(buf.getUnsignedByte(p + 2)).append('.').append(buf.getUnsignedByte(p + 3));
            }
            case DnsRecordType.AAAA -> {
                exact(length, 16);
                byte[] address = new byte[16];
                buf.getBytes(p, address);
                sb.append(Ipv6Text.format(address));
            }
            case DnsRecordType.NS, DnsRecordType.CNAME, DnsRecordType.PTR -> within(
                    DnsReplyReader.readName(buf, messageStart, p, sb), end);
            case DnsRecordType.MX -> {
                atLeast(length, 3);
                sb.append(buf.getUnsignedShort(p)).append(' ');
                within(DnsReplyReader.readName(buf, messageStart, p + 2, sb), end);
            }
            case DnsRecordType.SRV -> {
                atLeast(length, 7);
                sb.append(buf.getUnsignedShort(p)).append(' ').append(buf.getUnsignedShort(p + 2)).append(' ')
                        .append(buf.getUnsignedShort(p + 4)).append(' ');
                within(DnsReplyReader.readName(buf, messageStart, p + 6, sb), end);
            }
            case DnsRecordType.SOA -> {
                int q = DnsReplyReader.readName(buf, messageStart, p, sb);
                sb.append(' ');
                q = DnsReplyReader.readName(buf, messageStart, q, sb);
                if (q + 20 != end) {
                    throw new MalformedReplyException("SOA record of the wrong length");
                }
                for (int i = 0; i < 5; i++) {
                    sb.append(' ').append(buf.getUnsignedInt(q + 4 * i));
                }
            }
            case DnsRecordType.TXT -> {
                int q = p;
                while (q < end) {
                    int len = buf.getUnsignedByte(q);
                    within(q + 1 + len, end);
                    if (q > p) {
                        sb.append(' ');
                    }
                    appendQuoted(buf, q + 1, len, sb);
                    q += 1 + len;
                }
            }
            case DnsRecordType.CAA -> {
                atLeast(length, 2);
                int tagLength = buf.getUnsignedByte(p + 1);
                within(p + 2 + tagLength, end);
                sb.append(buf.getUnsignedByte(p)).append(' ');
                appendTag(buf, p + 2, tagLength, sb);
                sb.append(' ');
                appendQuoted(buf, p + 2 + tagLength, end - p - 2 - tagLength, sb);
            }
            default -> {
                // RFC 3597 generic form for types we do not interpret
                sb.append("\\# ").append(length);
                if (length > 0) {
                    sb.append(' ');
                    for (int i = 0; i < length; i++) {
                        int b = buf.getUnsignedByte(p + i);
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
    private static void appendTag(ByteBuf buf, int from, int len, StringBuilder sb) {
        for (int i = 0; i < len; i++) {
            int c = buf.getUnsignedByte(from + i);
            if (c > 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                appendDecimalEscape(c, sb);
            }
        }
    }

    private static void appendDecimalEscape(int c, StringBuilder sb) {
        sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10))
                .append((char) ('0' + c % 10));
    }

    private static void appendQuoted(ByteBuf buf, int from, int len, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < len; i++) {
            int c = buf.getUnsignedByte(from + i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                appendDecimalEscape(c, sb);
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
