package dev.bulkfetch.http;

/**
 * The checks every URL text gets before it is read, as an input line or as a Location header: bounded
 * length, no control character (a CR or LF would split the request line), valid Unicode; and where its
 * scheme ends.
 */
final class UrlText {
    private UrlText() {
    }

    /** Strips surrounding whitespace and refuses what can never be sent. */
    static String check(String text) {
        String s = text.strip();
        if (s.length() > HttpUrl.MAX_LENGTH || utf8Length(s) > HttpUrl.MAX_LENGTH) {
            throw new IllegalArgumentException("URL longer than " + HttpUrl.MAX_LENGTH + " bytes");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                // a CR or LF here would split the request line: never pass one through
                throw new IllegalArgumentException(String.format("URL holds a control character (0x%02X)", (int) c));
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException("URL holds an unpaired surrogate (not valid Unicode)");
                }
            }
        }
        return s;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a pair counts 4
        }
        return n;
    }

    /** The index of the ':' ending an RFC 3986 scheme at the start of s, or -1. */
    static int schemeEnd(String s) {
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
