package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one fetch produced: the final response (after redirects) or the error that stopped it. Its parts
 * nest as the NDJSON record does ({@code timing_ms}, {@code tls}; the body's figures in {@link Payload}).
 *
 * @param url         the URL of the final request
 * @param ip          the address connected to, or null
 * @param status      HTTP status, or -1 without a response
 * @param httpVersion {@code HTTP/1.1}, {@code HTTP/1.0}, or null
 * @param payload     the body as received and decoded ({@link Payload#NONE} without a response)
 * @param timings     phase durations
 * @param attempts    requests sent for the final URL (a pipelined request re-sent after a close counts twice)
 * @param redirects   the URLs redirected from, in order
 * @param tls         the TLS session, or null over plain http or without a connection
 * @param headers     response headers when asked for, else null
 * @param error       null, or what went wrong
 * @param retryAfter  the wait a 429 or 503 asked for in Retry-After, or null
 * @param captures    the exchanges as they crossed the wire, one per hop (redirects first, the final
 *                    response last), when the engine captures them; else null
 */
public record HttpFetchResult(HttpUrl url, String ip, int status, String httpVersion, Payload payload,
                              PhaseTimings timings, int attempts, List<String> redirects, Tls tls,
                              List<Map.Entry<String, String>> headers, BulkError error, Duration retryAfter,
                              List<WireCapture> captures) {

    /**
     * The response body of a fetch.
     *
     * @param bytes           decoded body bytes
     * @param wireBytes       bytes received on the wire for the final response (head and body, framing included)
     * @param contentEncoding the Content-Encoding that was decoded, or null
     * @param chunked         whether the body came chunked
     * @param sha256          hex SHA-256 of the decoded body, or null without a body
     * @param body            the decoded body when storage was asked for, else null (with BODY_TOO_LARGE: the
     *                        bytes decoded before the cap)
     */
    public record Payload(long bytes, long wireBytes, String contentEncoding, boolean chunked, String sha256,
                          byte[] body) {
        /** No response, so no body. */
        public static final Payload NONE = new Payload(0, 0, null, false, null, null);
    }

    /**
     * The TLS session a response came over.
     *
     * @param version e.g. TLSv1.3
     * @param cipher  the cipher suite
     */
    public record Tls(String version, String cipher) {
    }

    /** A target that ended without a request (robots.txt forbids it, its run stopped first). */
    public static HttpFetchResult failed(HttpUrl url, BulkError error) {
        return unanswered(url, new PhaseTimings(-1, -1, -1, -1, 0), 0, List.of(), error, null);
    }

    /** A fetch that ended with no exchange under way: the name did not resolve, the deadline came first. */
    public static HttpFetchResult unanswered(HttpUrl url, PhaseTimings timings, int attempts, List<String> redirects,
                                             BulkError error, List<WireCapture> captures) {
        return new HttpFetchResult(url, null, -1, null, Payload.NONE, timings, attempts, redirects, null, null, error,
                null, captures);
    }
}
