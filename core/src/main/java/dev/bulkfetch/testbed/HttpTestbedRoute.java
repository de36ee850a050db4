package dev.bulkfetch.testbed;

import java.util.List;

/**
 * A request path parsed into its endpoint and numbers, for example {@code /chunked/1000/64} into
 * {@code (CHUNKED, 1000, 64)}; numbers an endpoint does not take are zero. {@code path} is the path without
 * query or fragment, and {@code rest} what follows the numbers of an open endpoint ({@code a/b} of
 * {@code /fail-first/2/503/a/b}), "" when nothing does.
 */
record HttpTestbedRoute(HttpTestbedEndpoint endpoint, long first, long second, String path, String rest) {
    /** Longest digit string that cannot overflow a long; every bound is far below it anyway. */
    static final int MAX_DIGITS = 18;

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
        if (endpoint == null || !fits(endpoint, segments.length - 1)) {
            throw HttpTestbedPathException.notFound(path);
        }
        List<HttpTestbedEndpoint.Bound> bounds = endpoint.bounds();
        long[] numbers = new long[2];
        int restStart = 1 + segments[0].length();
        for (int i = 0; i < bounds.size(); i++) {
            numbers[i] = number(segments[i + 1], bounds.get(i));
            restStart += 1 + segments[i + 1].length();
        }
        String rest = restStart + 1 < path.length() ? path.substring(restStart + 1) : "";
        return new HttpTestbedRoute(endpoint, numbers[0], numbers[1], path, rest);
    }

    private static boolean fits(HttpTestbedEndpoint endpoint, int segmentsAfterFirst) {
        int numbers = endpoint.bounds().size();
        return endpoint.open() ? segmentsAfterFirst >= numbers : segmentsAfterFirst == numbers;
    }

    /** The target up to its query or fragment. */
    static String withoutQuery(String target) {
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

    /** Whether {@code text} is a plain decimal of at most {@value #MAX_DIGITS} digits. */
    static boolean isDigits(String text) {
        return !text.isEmpty() && text.length() <= MAX_DIGITS && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * {@code text} as a number within {@code bound}.
     *
     * @throws HttpTestbedPathException (400) when it is not one
     */
    static long number(String text, HttpTestbedEndpoint.Bound bound) {
        if (!isDigits(text)) {
            throw HttpTestbedPathException.badNumber(bound, text);
        }
        long value = Long.parseLong(text);
        if (value < bound.min() || value > bound.max()) {
            throw HttpTestbedPathException.badNumber(bound, text);
        }
        return value;
    }
}
