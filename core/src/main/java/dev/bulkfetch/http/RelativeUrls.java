package dev.bulkfetch.http;

import java.util.Locale;

/**
 * Resolves a reference against a base URL (RFC 3986 section 5.2), as for a {@code Location} header: absolute,
 * scheme-relative, absolute-path, relative path with dot segments, query-only and fragment-only references.
 */
final class RelativeUrls {
    private RelativeUrls() {
    }

    /** See {@link HttpUrl#resolve}. */
    static HttpUrl resolve(HttpUrl base, String location) {
        if (location == null) {
            throw new IllegalArgumentException("empty location");
        }
        String s = UrlText.check(location);
        int colon = UrlText.schemeEnd(s);
        if (colon > 0) {
            String refScheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!refScheme.equals("http") && !refScheme.equals("https")) {
                throw new IllegalArgumentException("unsupported scheme '" + refScheme + "'");
            }
            if (s.startsWith("//", colon + 1)) {
                return HttpUrlParser.fromAuthority(refScheme, s, colon + 3, null);
            }
            if (!refScheme.equals(base.scheme())) {
                throw new IllegalArgumentException("expected '//' after '" + refScheme + ":'");
            }
            s = s.substring(colon + 1);
        }
        if (s.startsWith("//")) {
            return HttpUrlParser.fromAuthority(base.scheme(), s, 2, null);
        }
        return base.withTarget(mergedTarget(base.target(), s));
    }

    /** The target of a same-origin reference (path, query, fragment) against the base target (5.2.2, 5.2.3). */
    private static String mergedTarget(String target, String s) {
        int end = s.indexOf('#');
        if (end < 0) {
            end = s.length();
        }
        int q = s.indexOf('?');
        if (q < 0 || q > end) {
            q = end;
        }
        String refPath = s.substring(0, q);
        String refQuery = s.substring(q, end); // "" or starting with '?'
        int baseQ = target.indexOf('?');
        String basePath = baseQ < 0 ? target : target.substring(0, baseQ);
        String path;
        String query = refQuery;
        if (refPath.isEmpty()) {
            path = basePath;
            if (q == end) {
                query = baseQ < 0 ? "" : target.substring(baseQ);
            }
        } else if (refPath.startsWith("/")) {
            path = DotSegments.remove(refPath);
        } else {
            // merge (5.2.3): the base path is never empty, so the reference replaces its last segment
            path = DotSegments.remove(basePath.substring(0, basePath.lastIndexOf('/') + 1) + refPath);
        }
        return PercentEncoding.encode(path, query);
    }
}
