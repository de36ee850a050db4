package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one fetch produced: the final response (after redirects) or the error that stopped it.
 *
 * @param url             the URL of the final request
 * @param ip              the address connected to, or null
 * @param status          HTTP status, or -1 without a response
 * @param httpVersion     {@code HTTP/1.1}, {@code HTTP/1.0}, or null
 * @param bytes           decoded body bytes
 * @param wireBytes       bytes received on the wire for the final response (head and body, framing included)
 * @param contentEncoding the Content-Encoding that was decoded, or null
 * @param chunked         whether the body came chunked
 * @param sha256          hex SHA-256 of the decoded body, or null without a body
 * @param timings         phase durations
 * @param attempts        requests sent for the final URL (a pipelined request re-sent after a close counts twice)
 * @param redirects       the URLs redirected from, in order
 * @param tlsVersion      e.g. TLSv1.3, or null
 * @param tlsCipher       the cipher suite, or null
 * @param headers         response headers when asked for, else null
 * @param body            the decoded body when storage was asked for, else null (with BODY_TOO_LARGE: the
 *                        bytes decoded before the cap)
 * @param error           null, or what went wrong
 * @param retryAfter      the wait a 429 or 503 asked for in Retry-After, or null
 * @param captures        the exchanges as they crossed the wire, one per hop (redirects first, the final
 *                        response last), when the engine captures them; else null
 */
public record HttpFetchResult(HttpUrl url, String ip, int status, String httpVersion, long bytes, long wireBytes,
                              String contentEncoding, boolean chunked, String sha256, PhaseTimings timings,
                              int attempts, List<String> redirects, String tlsVersion, String tlsCipher,
                              List<Map.Entry<String, String>> headers, byte[] body, BulkError error,
                              Duration retryAfter, List<WireCapture> captures) {

    /** A target that ended without a request (robots.txt forbids it, its run stopped first). */
    public static HttpFetchResult failed(HttpUrl url, BulkError error) {
        return new HttpFetchResult(url, null, -1, null, 0, 0, null, false, null, new PhaseTimings(-1, -1, -1, -1, 0),
                0, List.of(), null, null, null, null, error, null, null);
    }
}
