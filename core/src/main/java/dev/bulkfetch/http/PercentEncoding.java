package dev.bulkfetch.http;

/**
 * Percent-encodes a path and query for the request line: spaces, non-ASCII (as UTF-8) and the other
 * characters RFC 3986 does not allow. An existing {@code %XX} is kept and a stray {@code %} becomes
 * {@code %25}, so encoding encoded text changes nothing and a base target can go through again on resolve.
 */
final class PercentEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /**
     * ASCII characters that RFC 3986 allows in neither a path nor a query (besides {@code %} and
     * controls): they are percent-encoded. Reserved characters ({@code [ ] @ ; = ...}) stay as they
     * are, since encoding a reserved character may change what the server reads.
     */
    private static final String ENCODED_ASCII = " \"<>\\^`{|}";

    private PercentEncoding() {
    }

    static String encode(String path, String query) {
        StringBuilder out = new StringBuilder(path.length() + query.length() + 16);
        encodeInto(out, path);
        encodeInto(out, query);
        return out.toString();
    }

    /** True for an ASCII character that {@link #encode} replaces by its escape. */
    static boolean encodedAscii(char c) {
        return ENCODED_ASCII.indexOf(c) >= 0;
    }

    /** True when s holds a {@code %XX} escape at i. */
    static boolean escapeAt(String s, int i, int end) {
        return i + 2 < end && isHexDigit(s.charAt(i + 1)) && isHexDigit(s.charAt(i + 2));
    }

    static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static void encodeInto(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (escapeAt(s, i, s.length())) {
                    out.append(s, i, i + 3);
                    i += 2;
                } else {
                    percent(out, '%');
                }
            } else if (c < 0x80) {
                if (encodedAscii(c)) {
                    percent(out, c);
                } else {
                    out.append(c);
                }
            } else {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp) - 1;
                utf8(out, cp);
            }
        }
    }

    private static void utf8(StringBuilder out, int cp) {
        if (cp < 0x800) {
            percent(out, 0xC0 | cp >> 6);
            percent(out, 0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            percent(out, 0xE0 | cp >> 12);
            percent(out, 0x80 | cp >> 6 & 0x3F);
            percent(out, 0x80 | cp & 0x3F);
        } else {
            percent(out, 0xF0 | cp >> 18);
            percent(out, 0x80 | cp >> 12 & 0x3F);
            percent(out, 0x80 | cp >> 6 & 0x3F);
            percent(out, 0x80 | cp & 0x3F);
        }
    }

    private static void percent(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4 & 0xF]).append(HEX[b & 0xF]);
    }
}
