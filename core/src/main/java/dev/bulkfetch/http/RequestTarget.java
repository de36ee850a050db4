package dev.bulkfetch.http;

/**
 * Turns the path and query of a URL as written into the request-target sent: fragment dropped, dot segments
 * removed, percent-encoded. Most URLs need none of it, so they are checked first and taken as written.
 */
final class RequestTarget {
    private RequestTarget() {
    }

    /** The request-target from the path (at from) to the fragment, dot segments removed, encoded. */
    static String of(String s, int from) {
        int end = s.indexOf('#', from);
        if (end < 0) {
            end = s.length();
        }
        if (isSendableAsWritten(s, from, end)) {
            return from + 1 == end ? "/" : s.substring(from, end);
        }
        return rewritten(s, from, end);
    }

    /**
     * A path and query that {@link #rewritten} would give back unchanged: an absolute path with no
     * dot segment, nothing to percent-encode and every '%' already an escape. Most URLs are; they skip
     * the rewrite's builders.
     */
    static boolean isSendableAsWritten(String s, int from, int end) {
        if (from >= end || s.charAt(from) != '/') {
            return false;
        }
        char prev = 0;
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || PercentEncoding.encodedAscii(c) || (c == '.' && prev == '/')) {
                return false;
            }
            if (c == '%' && !PercentEncoding.escapeAt(s, i, end)) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    /** {@link #of} the long way: dot segments removed, then percent-encoded. */
    static String rewritten(String s, int from, int end) {
        int q = s.indexOf('?', from);
        if (q < 0 || q > end) {
            q = end;
        }
        String path = q == from ? "/" : DotSegments.remove(s.substring(from, q));
        return PercentEncoding.encode(path, s.substring(q, end));
    }
}
