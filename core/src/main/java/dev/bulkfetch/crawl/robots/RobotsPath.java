package dev.bulkfetch.crawl.robots;

import java.nio.charset.StandardCharsets;

/**
 * The normal form in which robots.txt path patterns and request targets are compared (RFC 9309
 * 2.2.2), so that two spellings of one URI compare equal octet by octet.
 *
 * <p>In the normal form: a {@code %XX} of an unreserved ASCII character ({@code A-Z a-z 0-9 - . _ ~})
 * is decoded, every other {@code %XX} is kept with upper-case hex, and everything else that is not
 * printable ASCII is UTF-8 percent-encoded with upper-case hex: non-ASCII, controls and space (which
 * no request line can hold raw), and a {@code %} that starts no escape ({@code %25}). Reserved
 * characters are never decoded or encoded ({@code %2F} and {@code /} name different resources).
 * Examples: {@code /%7euser/caf%c3%a9} and {@code /~user/café} both become {@code /~user/caf%C3%A9}.
 *
 * <p>The wildcard {@code *} and the end anchor {@code $} are special only in a pattern (and
 * {@code $} only at its end); anywhere else they are the literal characters that RFC 9309 2.2.3
 * tells robots.txt authors to write as {@code %2A} and {@code %24}, so they are kept encoded that
 * way: the pattern {@code /file-%2A.html} matches the target {@code /file-*.html}. The same holds for
 * {@code #}, which can only be written {@code %23} in robots.txt since it starts a comment there.
 */
final class RobotsPath {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RobotsPath() {
    }

    /**
     * The normal form of a request target (path and optional query). A target that does not start with
     * {@code /} gets one in front, as a pattern does ({@code ?q=1} is {@code /?q=1}); empty is {@code /}.
     */
    static String ofTarget(String target) {
        if (target.startsWith("/") && isNormal(target)) {
            return target; // the common case: an ASCII target with no escapes, as sent on the wire
        }
        byte[] b = target.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(b.length + 16);
        if (b.length == 0 || b[0] != '/') {
            out.append('/');
        }
        append(out, b, 0, b.length, false);
        return out.toString();
    }

    /**
     * The normal form of a path pattern (the value of an allow or disallow line, trimmed, not empty),
     * with its {@code *} wildcards and end-anchoring {@code $} left as they are. A pattern that starts
     * with neither {@code /} nor {@code *} gets a {@code /} in front, since a target always starts with one.
     */
    static String ofPattern(byte[] b, int from, int to) {
        StringBuilder out = new StringBuilder(to - from + 16);
        append(out, b, from, to, true);
        char first = out.charAt(0);
        if (first != '/' && first != '*') {
            out.insert(0, '/');
        }
        return out.toString();
    }

    private static boolean isNormal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '%' || c == '*' || c == '$' || c == '#') {
                return false;
            }
        }
        return true;
    }

    private static void append(StringBuilder out, byte[] b, int from, int to, boolean pattern) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c == '%' && i + 2 < to && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                int decoded = hex(b[i + 1]) * 16 + hex(b[i + 2]);
                if (isUnreserved(decoded)) {
                    out.append((char) decoded);
                } else {
                    escape(out, decoded);
                }
                i += 2;
            } else if (pattern && (c == '*' || (c == '$' && i == to - 1))) {
                out.append((char) c);
            } else if (c <= 0x20 || c >= 0x7F || c == '%' || c == '*' || c == '$' || c == '#') {
                escape(out, c);
            } else {
                out.append((char) c);
            }
        }
    }

    private static void escape(StringBuilder out, int octet) {
        out.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xF]);
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }
}
