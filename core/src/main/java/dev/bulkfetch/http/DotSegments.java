package dev.bulkfetch.http;

/**
 * remove_dot_segments of RFC 3986 section 5.2.4. Applied to parsed URLs too (section 5.2.2 does so for
 * absolute references), so that a URL and a redirect to the same URL give the same request-target.
 */
final class DotSegments {
    private DotSegments() {
    }

    static String remove(String in) {
        StringBuilder out = new StringBuilder(in.length());
        int n = in.length();
        int i = 0;
        while (i < n) {
            if (in.startsWith("../", i)) {
                i += 3;
            } else if (in.startsWith("./", i)) {
                i += 2;
            } else if (in.startsWith("/./", i)) {
                i += 2; // leaves the '/' as the start of the input
            } else if (i + 2 == n && in.startsWith("/.", i)) {
                out.append('/');
                i = n;
            } else if (in.startsWith("/../", i)) {
                i += 3;
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
            } else if (i + 3 == n && in.startsWith("/..", i)) {
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
                out.append('/');
                i = n;
            } else if ((i + 1 == n && in.charAt(i) == '.') || (i + 2 == n && in.startsWith("..", i))) {
                i = n;
            } else {
                int next = in.indexOf('/', i + 1);
                if (next < 0) {
                    next = n;
                }
                out.append(in, i, next);
                i = next;
            }
        }
        return out.toString();
    }
}
