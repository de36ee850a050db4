package dev.bulkfetch.http;

import dev.bulkfetch.loop.DeadlineQueue;

import java.util.List;

/**
 * One target from start to result: the URL being fetched now, the redirects behind it, and the total
 * deadline that no redirect, retry or trickling server can extend.
 */
final class Fetch implements DeadlineQueue.Entry {
    final HttpCallback callback;
    final FetchOptions options;
    final long startNanos;
    final long deadlineNanos;
    HttpUrl url;
    /** the URLs redirected from, in order; null until the first redirect (most fetches have none) */
    List<String> redirects;
    int attempts;
    long dnsNanos = -1;
    /** the exchange under way, or null while resolving or finished */
    Exchange exchange;
    boolean done;
    /** the exchanges that completed, hop by hop, when the engine captures them; null until the first */
    List<WireCapture> captures;
    private int queued;

    Fetch(HttpUrl url, FetchOptions options, HttpCallback callback, long startNanos, long totalNanos) {
        this.url = url;
        this.options = options;
        this.callback = callback;
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + totalNanos;
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
