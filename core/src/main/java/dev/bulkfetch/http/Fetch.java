package dev.bulkfetch.http;

import dev.bulkfetch.loop.DeadlineQueue;

import java.util.ArrayList;
import java.util.List;

/**
 * One target from start to result: the URL being fetched now, the redirects behind it, and the total
 * deadline that no redirect, retry or trickling server can extend. It ends exactly once ({@link #end}).
 */
final class Fetch implements DeadlineQueue.Entry {
    private final HttpCallback callback;
    private final FetchOptions options;
    private final long startNanos;
    private final long deadlineNanos;
    private HttpUrl url;
    /** the URLs redirected from, in order; null until the first redirect (most fetches have none) */
    private List<String> redirects;
    private int attempts;
    private long dnsNanos = -1;
    /** the exchange under way, or null while resolving or finished */
    private Exchange exchange;
    private boolean done;
    /** the exchanges that completed, hop by hop, when the engine captures them; null until the first */
    private List<WireCapture> captures;
    private int queued;

    Fetch(HttpUrl url, FetchOptions options, HttpCallback callback, long startNanos, long totalNanos) {
        this.url = url;
        this.options = options;
        this.callback = callback;
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + totalNanos;
    }

    HttpUrl url() {
        return url;
    }

    FetchOptions options() {
        return options;
    }

    boolean done() {
        return done;
    }

    int attempts() {
        return attempts;
    }

    long startNanos() {
        return startNanos;
    }

    long dnsNanos() {
        return dnsNanos;
    }

    Exchange exchange() {
        return exchange;
    }

    /** Its URL (the first, or a redirect's) is about to be resolved: attempts count for that URL only. */
    void starting() {
        attempts = 0;
    }

    /** Its host resolved (or failed to) after {@code nanos}; -1 when no lookup was made. Redirects add up. */
    void resolved(long nanos) {
        if (nanos >= 0) {
            dnsNanos = Math.max(0, dnsNanos) + nanos;
        }
    }

    void exchangeStarted(Exchange ex) {
        exchange = ex;
    }

    void requestSent() {
        attempts++;
    }

    void captured(WireCapture capture) {
        if (captures == null) {
            captures = new ArrayList<>(1);
        }
        captures.add(capture);
    }

    int redirectCount() {
        return redirects == null ? 0 : redirects.size();
    }

    /** The response redirected to {@code next}: the current URL joins the list of those redirected from. */
    void redirectedTo(HttpUrl next) {
        if (redirects == null) {
            redirects = new ArrayList<>(options.follow());
        }
        redirects.add(url.toString());
        url = next;
    }

    List<String> redirects() {
        return redirects == null ? List.of() : List.copyOf(redirects);
    }

    /** The exchanges captured so far (empty when none completed). */
    List<WireCapture> captures() {
        return captures == null ? List.of() : List.copyOf(captures);
    }

    /** Hands the result to the callback; a callback that throws cannot break the loop. */
    void end(HttpFetchResult result) {
        done = true;
        try {
            callback.onResult(result);
        } catch (RuntimeException e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    @Override
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public boolean waiting() {
        return !done;
    }

    @Override
    public void queued(int delta) {
        queued += delta;
    }
}
