package dev.bulkfetch.testbed;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The path families of the HTTP testbed: the first path segment, the bounds of the decimal numbers that
 * follow it, and whether any further segments may follow those (the "open" families, whose rest of the path
 * names a page). The bounds keep one request from exhausting the testbed's memory or time.
 */
enum HttpTestbedEndpoint {
    BYTES("bytes", Bound.BODY),
    CHUNKED("chunked", Bound.BODY, Bound.CHUNK),
    CHUNKED_EXT("chunked-ext", Bound.BODY, Bound.CHUNK),
    GZIP("gzip", Bound.BODY),
    X_GZIP("x-gzip", Bound.BODY),
    DEFLATE("deflate", Bound.BODY),
    DEFLATE_RAW("deflate-raw", Bound.BODY),
    GZIP_CHUNKED("gzip-chunked", Bound.BODY, Bound.CHUNK),
    DEFLATE_CHUNKED("deflate-chunked", Bound.BODY, Bound.CHUNK),
    GZIP_MULTI("gzip-multi", Bound.BODY),
    GZIP_BOMB("gzip-bomb", new Bound("N", 0, 1L << 30)),
    DELAY("delay", Bound.MILLIS, Bound.BODY),
    TRICKLE("trickle", Bound.BODY, Bound.MILLIS),
    STATUS("status", new Bound("CODE", 200, 599)),
    INTERIM("interim", Bound.BODY),
    REDIRECT("redirect", Bound.REDIRECTS),
    REDIRECT_ABS("redirect-abs", Bound.REDIRECTS),
    RESET("reset", Bound.HALF_BODY),
    CLOSE("close", Bound.HALF_BODY),
    CLOSE_DELIMITED("close-delimited", Bound.BODY),
    HTTP10("http10", Bound.BODY),
    BARE_LF("bare-lf", Bound.BODY),
    HANG("hang"),
    HUGE_HEADERS("huge-headers", new Bound("N", 0, 64L << 20)),
    MANY_HEADERS("many-headers", new Bound("K", 0, 1_000_000)),
    ENDLESS_CHUNKED("endless-chunked"),
    BAD_CHUNK_SIZE("bad-chunk-size", new Bound("K", 0, HttpTestbedFramingPlans.BAD_CHUNK_SIZES.size() - 1)),
    NEGATIVE_LENGTH("negative-length"),
    OVERFLOW_LENGTH("overflow-length"),
    LENGTH_AND_CHUNKED("length-and-chunked", Bound.BODY),
    DUPLICATE_LENGTH("duplicate-length", new Bound("K", 0, HttpTestbedFramingPlans.DUPLICATE_LENGTHS.size() - 1),
            Bound.BODY),
    CONFLICTING_LENGTH("conflicting-length", new Bound("K", 0, HttpTestbedFramingPlans.CONFLICTING_LENGTHS.size() - 1),
            Bound.BODY),
    REPLY_AHEAD("reply-ahead", Bound.BODY),
    NO_READ("no-read", Bound.MILLIS),
    ROBOTS("robots.txt"),
    ROBOTS_HOP("robots-hop", new Bound("K", 0, HttpTestbedRobotsHost.MAX_REDIRECTS)),
    PAGE("page", true),
    FAIL_FIRST("fail-first", true, Bound.FAILURES, Bound.ERROR_STATUS),
    RETRY_AFTER("retry-after", true, Bound.FAILURES, Bound.ERROR_STATUS),
    RESET_FIRST("reset-first", true, Bound.FAILURES),
    GO_TO("go-to", true);

    private static final Map<String, HttpTestbedEndpoint> BY_SEGMENT = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(HttpTestbedEndpoint::segment, Function.identity()));

    private final String segment;
    private final boolean open;
    private final List<Bound> bounds;

    HttpTestbedEndpoint(String segment, Bound... bounds) {
        this(segment, false, bounds);
    }

    HttpTestbedEndpoint(String segment, boolean open, Bound... bounds) {
        this.segment = segment;
        this.open = open;
        this.bounds = List.of(bounds);
    }

    /** The endpoint whose first path segment is {@code segment}, or null. */
    static HttpTestbedEndpoint forSegment(String segment) {
        return BY_SEGMENT.get(segment);
    }

    String segment() {
        return segment;
    }

    /** Whether segments may follow the numbers: the rest of the path, any text, names a page. */
    boolean open() {
        return open;
    }

    /** The bounds of the numbers after the first segment, in path order. */
    List<Bound> bounds() {
        return bounds;
    }

    /** The inclusive range of one number in a path, and its name for error messages. */
    record Bound(String name, long min, long max) {
        static final Bound BODY = new Bound("N", 0, 256L << 20);
        // The wire carries 2N announced bytes, so N is half the body cap.
        static final Bound HALF_BODY = new Bound("N", 0, 128L << 20);
        static final Bound CHUNK = new Bound("C", 1, 16L << 20);
        static final Bound MILLIS = new Bound("MS", 0, 600_000);
        static final Bound REDIRECTS = new Bound("K", 0, 1_000_000);
        static final Bound FAILURES = new Bound("N", 0, 1_000_000);
        static final Bound ERROR_STATUS = new Bound("STATUS", 400, 599);
    }
}
