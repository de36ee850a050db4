package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;

import java.util.List;

/**
 * Where exchanges end: a completed response is followed if it redirects, else it becomes the fetch's
 * {@link HttpFetchResult}; an error ends the fetch with what was known of its exchange. Every fetch ends here
 * exactly once.
 */
final class FetchFinisher {
    private final boolean keepHeaders;
    private final boolean captureWire;
    private final RedirectFollower redirects;

    FetchFinisher(HttpEngineConfig config, FetchStarter starter) {
        this.keepHeaders = config.keepHeaders();
        this.captureWire = config.captureWire();
        this.redirects = new RedirectFollower(starter, this);
    }

    /** The response of {@code ex} ended with a body of {@code decodedBytes} ({@code body} when kept). */
    void completed(Exchange ex, long decodedBytes, String sha256, byte[] body) {
        Fetch f = ex.fetch();
        if (f.done()) {
            return; // the fetch hit its deadline while this response was still on its way
        }
        WireCapture capture = ex.capture();
        if (capture != null) {
            f.captured(capture);
        }
        if (RedirectFollower.redirects(ex)) {
            redirects.follow(ex);
            return;
        }
        f.end(result(f, ex, ex.payload(decodedBytes, sha256, body), null));
    }

    void failed(Exchange ex, BulkError error) {
        fail(ex.fetch(), ex, error);
    }

    /** Ends the fetch with {@code error}; {@code ex} (or null) is the exchange it was on. */
    void fail(Fetch f, Exchange ex, BulkError error) {
        if (!f.done()) {
            f.end(result(f, ex, ex == null ? null : ex.payload(0, null, null), error));
        }
    }

    private HttpFetchResult result(Fetch f, Exchange ex, HttpFetchResult.Payload payload, BulkError error) {
        long total = System.nanoTime() - f.startNanos();
        List<WireCapture> captures = captureWire ? f.captures() : null;
        if (ex == null) {
            return HttpFetchResult.unanswered(f.url(), new PhaseTimings(f.dnsNanos(), -1, -1, -1, total),
                    f.attempts(), f.redirects(), error, captures);
        }
        return new HttpFetchResult(ex.url(), ex.ip(), ex.status(), ex.version(), payload,
                ex.timings(f.dnsNanos(), total), f.attempts(), f.redirects(), ex.tls(),
                keepHeaders ? ex.headerList() : null, error, ex.retryAfter(), captures);
    }
}
