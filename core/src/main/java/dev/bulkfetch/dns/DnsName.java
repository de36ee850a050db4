package dev.bulkfetch.dns;

import java.nio.charset.StandardCharsets;

/**
 * Domain names in wire form (RFC 1035 section 3.1): validation and encoding of the names we ask
 * about, so each query encodes its name once and compares echoed questions byte by byte.
 */
public final class DnsName {
    static final int MAX_NAME = 255;
    private static final int MAX_LABEL = 63;

    private DnsName() {
    }

    /**
     * Encodes a presentation-form name ({@code www.example.org} or with a trailing dot) as wire
     * labels terminated by the root label.
     *
     * @throws IllegalArgumentException when a label is empty or too long, the name is too long,
     *                                  or it holds characters that cannot be sent as ASCII
     */
    public static byte[] toWire(String name) {
        // one bulk copy of the text, then plain array reads: a charAt per character cost a call and
        // an index check each in the loop's C1-compiled code. Characters beyond Latin-1 become '?'.
        byte[] text = name.getBytes(StandardCharsets.ISO_8859_1);
        int n = text.length > 0 && text[text.length - 1] == '.' ? text.length - 1 : text.length;
        if (n == 0) {
            return new byte[] {0};
        }
        if (n + 2 > MAX_NAME) {
            throw new IllegalArgumentException("name longer than 255 bytes");
        }
        byte[] out = new byte[n + 2];
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            int c = i == n ? '.' : text[i] & 0xFF;
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    throw new IllegalArgumentException("empty label in name");
                }
                if (len > MAX_LABEL) {
                    throw new IllegalArgumentException("label longer than 63 bytes");
                }
                out[labelStart] = (byte) len; // the length byte takes the place of the dot before the label
                labelStart = i + 1;
            } else if (c > 0x7E || c <= 0x20 || c == '?' && name.charAt(i) != '?') {
                throw new IllegalArgumentException("name holds a character that is not printable ASCII"
                        + " (convert IDN names to punycode first)");
            } else {
                out[i + 1] = (byte) c;
            }
        }
        out[n + 1] = 0;
        return out;
    }

    /** ASCII case-insensitive byte equality (DNS names compare this way, RFC 4343). */
    static boolean equalsIgnoreCase(byte a, byte b) {
        return a == b || toLower(a) == toLower(b);
    }

    static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
