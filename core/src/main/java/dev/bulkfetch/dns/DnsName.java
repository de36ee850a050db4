package dev.bulkfetch.dns;

import java.nio.charset.StandardCharsets;

/**
 * Domain names in wire form (RFC 1035 section 3.1): validation and encoding of the names we ask
 * about, so each query encodes its name once and compares echoed questions byte by byte.
 */
public final class DnsName {
    private static final int MAX_NAME = 255;
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
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            return new byte[] {0};
        }
        byte[] ascii = n.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[ascii.length + 2];
        if (out.length > MAX_NAME) {
            throw new IllegalArgumentException("name longer than 255 bytes");
        }
        int labelStart = 0;
        int w = 0;
        for (int i = 0; i <= ascii.length; i++) {
            if (i == ascii.length || ascii[i] == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    throw new IllegalArgumentException("empty label in name");
                }
                if (len > MAX_LABEL) {
                    throw new IllegalArgumentException("label longer than 63 bytes");
                }
                out[w++] = (byte) len;
                System.arraycopy(ascii, labelStart, out, w, len);
                w += len;
                labelStart = i + 1;
            } else {
                char c = n.charAt(i);
                if (c > 0x7E || c <= 0x20) {
                    throw new IllegalArgumentException("name holds a character that is not printable ASCII"
                            + " (convert IDN names to punycode first)");
                }
            }
        }
        out[w] = 0;
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
