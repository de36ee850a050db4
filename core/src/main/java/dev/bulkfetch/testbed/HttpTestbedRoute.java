package dev.bulkfetch.testbed;

import java.util.List;

/**
 * A request path parsed into its endpoint and numbers, for example {@code /chunked/1000/64} into
 * {@code (CHUNKED, 1000, 64)}; numbers an endpoint does not take are zero.
 */
record HttpTestbedRoute(HttpTestbedEndpoint endpoint, long first, long second) {
    /** Longest digit string that cannot overflow a long; every bound is far below it anyway. */
    private static final int MAX_DIGITS = 18;

    /**
     * Parses the path of a request target; a query or fragment is ignored so that clients adding cache
     * busters still get the same body.
     *
     * @throws HttpTestbedPathException with status 404 for an unknown path, 400 for a bad number
     */
    static HttpTestbedRoute parse(String target) {
        String path = withoutQuery(target);
        if (!path.startsWith("/")) {
            throw HttpTestbedPathException.notFound(path);
        }
        String[] segments = path.substring(1).split("/", -1);
        HttpTestbedEndpoint endpoint = HttpTestbedEndpoint.forSegment(segments[0]);
        if (endpoint == null || segments.length - 1 != endpoint.bounds().size()) {
            throw HttpTestbedPathException.notFound(path);
        }
        List<HttpTestbedEndpoint.Bound> bounds = endpoint.bounds();
        long[] numbers = new long[2];
        for (int i = 0; i < bounds.size(); i++) {
            numbers[i] = number(segments[i + 1], bounds.get(i));
        }
        return new HttpTestbedRoute(endpoint, numbers[0], numbers[1]);
    }

    private static String withoutQuery(String target) {
        int end = target.length();
        int query = target.indexOf('?');
        int fragment = target.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return target.substring(0, end);
    }

    private static long number(String text, HttpTestbedEndpoint.Bound bound) {
        if (text.isEmpty() || text.length() > MAX_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HttpTestbedPathException.badNumber(bound, text);
        }
        long value = Long.parseLong(text);
        if (value < bound.min() || value > bound.max()) {
            throw HttpTestbedPathException.badNumber(bound, text);
        }
        return value;
    }
}
