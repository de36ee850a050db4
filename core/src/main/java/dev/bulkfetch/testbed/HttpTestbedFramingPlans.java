package dev.bulkfetch.testbed;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Plans for the paths whose framing lies or repeats itself: chunk-size lines that are no size, a Content-Length
 * that is negative or beyond any 64-bit number, a head that announces both a Content-Length and chunked coding,
 * and Content-Length given more than once, with one value or two.
 *
 * <p>The lies send some body after the lie and then nothing more, leaving the connection open
 * (like {@code /hang}): a client that does not see the lie waits for its own deadline instead of being rescued
 * by a close. {@code /length-and-chunked/N} is a whole response whose chunks carry {@code body(N)} under a
 * Content-Length of 1. RFC 9112 section 6.3 lets Transfer-Encoding win but says such a message ought to be
 * handled as an error (bulkfetch refuses it); a client that frames by the length reads one byte and takes the
 * rest for the next response.
 *
 * <p>{@code /duplicate-length/K/N} is an honest response of {@code body(N)} whose length N is written twice,
 * as a proxy that merges or copies header lines leaves it: RFC 9110 section 8.6 lets a recipient take the one
 * value, and the connection stays open for the next request. {@code /conflicting-length/K/N} announces N and
 * N+1, sends {@code body(N)} and falls silent: no length is the right one, and a client that picks one either
 * succeeds or waits, where it should refuse at once.
 */
final class HttpTestbedFramingPlans {
    /** The chunk-size lines of {@code /bad-chunk-size/K}, by K: not hex, negative, beyond 64 bits, empty. */
    static final List<String> BAD_CHUNK_SIZES = List.of("zz", "-10", "1" + "0".repeat(16), "");
    /** What {@code /overflow-length} announces: more than {@code Long.MAX_VALUE}. */
    static final String OVERFLOWING_LENGTH = "99999999999999999999";
    /** Body bytes sent before a bad chunk-size line or after a bad length: the lie comes mid-response. */
    static final int BYTES_BEFORE_THE_LIE = 16;
    /**
     * The Content-Length lines of {@code /duplicate-length/K/N}, by K, {@code N} standing for the length: two
     * lines, a list in one line, the same with the space before the comma, and a list plus a line.
     */
    static final List<List<String>> DUPLICATE_LENGTHS = List.of(
            List.of("N", "N"), List.of("N, N"), List.of("N ,N"), List.of("N,N", "N"));
    /**
     * The Content-Length lines of {@code /conflicting-length/K/N}, by K, {@code N} and {@code M} standing for
     * the length and one more: two lines, and a list in one line.
     */
    static final List<List<String>> CONFLICTING_LENGTHS = List.of(List.of("N", "M"), List.of("N, M"));
    /** The chunk size of {@code /length-and-chunked/N}. */
    private static final int CHUNK = 1000;

    private HttpTestbedFramingPlans() {
    }

    static HttpTestbedPlan plan(HttpTestbedRoute route, HttpTestbedRequest request) {
        return switch (route.endpoint()) {
            case BAD_CHUNK_SIZE -> badChunkSize(BAD_CHUNK_SIZES.get((int) route.first()));
            case NEGATIVE_LENGTH -> badLength("-1");
            case OVERFLOW_LENGTH -> badLength(OVERFLOWING_LENGTH);
            case LENGTH_AND_CHUNKED -> HttpTestbedPlanner.chunked(request, octets().header("Content-Length", 1),
                    HttpTestbedChunkedFrames.plain(HttpTestbedContent.payload(route).open(), CHUNK));
            case DUPLICATE_LENGTH -> HttpTestbedPlanner.finish(request,
                    lengths(DUPLICATE_LENGTHS.get((int) route.first()), route.second()),
                    HttpTestbedSliceFrames.of(HttpTestbedContent.payload(route)));
            case CONFLICTING_LENGTH -> lie(lengths(CONFLICTING_LENGTHS.get((int) route.first()), route.second()),
                    HttpTestbedPayload.pattern(route.second()));
            default -> throw new IllegalArgumentException("not a framing path: " + route);
        };
    }

    /** One good chunk of {@value #BYTES_BEFORE_THE_LIE} bytes, then a chunk-size line holding {@code size}. */
    private static HttpTestbedPlan badChunkSize(String size) {
        HttpTestbedHead head = octets().header("Transfer-Encoding", "chunked");
        String body = Integer.toHexString(BYTES_BEFORE_THE_LIE) + HttpTestbedHead.CRLF
                + new String(HttpTestbedContent.body(BYTES_BEFORE_THE_LIE), StandardCharsets.US_ASCII)
                + HttpTestbedHead.CRLF + size + HttpTestbedHead.CRLF;
        return lie(head, HttpTestbedPayload.text(body));
    }

    /** A Content-Length of {@code value}, then {@value #BYTES_BEFORE_THE_LIE} body bytes. */
    private static HttpTestbedPlan badLength(String value) {
        return lie(octets().header("Content-Length", value), HttpTestbedPayload.pattern(BYTES_BEFORE_THE_LIE));
    }

    /** A head with one Content-Length line per template, N in it replaced by {@code length}, M by one more. */
    private static HttpTestbedHead lengths(List<String> templates, long length) {
        HttpTestbedHead head = octets();
        for (String template : templates) {
            head.header("Content-Length", template.replace("N", Long.toString(length))
                    .replace("M", Long.toString(length + 1)));
        }
        return head;
    }

    /** The head and body at once, then silence on an open connection. */
    private static HttpTestbedPlan lie(HttpTestbedHead head, HttpTestbedPayload body) {
        return HttpTestbedPlan.of(head.toBytes(), HttpTestbedSliceFrames.of(body), HttpTestbedPlan.Ending.HANG);
    }

    private static HttpTestbedHead octets() {
        return HttpTestbedHead.status(200).header("Content-Type", HttpTestbedPlanner.OCTETS);
    }
}
