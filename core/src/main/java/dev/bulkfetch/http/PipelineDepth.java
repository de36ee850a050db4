package dev.bulkfetch.http;

import java.util.concurrent.TimeUnit;

/**
 * How many requests each connection of one origin carries at once. A depth the user chose stays put (until the
 * server shows it closes connections). The default is earned per host: pipelining pays when a server answers
 * back to back on kept-alive connections (on a 2-core machine against nginx, 6 connections earning depth 8 fetch
 * 15-25% more than at depth 1: load-tests/RESULTS.md), and costs when it does
 * not: requests behind a slow response wait for it (head-of-line), and a server that drops pipelined requests
 * makes them go twice. So the depth starts at 1, doubles after a run of quick kept-alive responses while
 * requests are waiting for a connection, halves after a slow one, and drops to 1 for good when a server loses
 * pipelined requests (a reset, a close without saying so, no answer at all) or replies ahead of a request.
 */
final class PipelineDepth {
    /** The depth an adaptive pool earns at most, unless told otherwise. */
    static final int AUTO_MAX = 8;
    /** Quick kept-alive responses in a row, at the current depth, before the depth doubles. */
    static final int GROW_AFTER = 16;
    /** A response that took longer than this from becoming the one answered to its last byte is not quick. */
    static final long QUICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** A response slower than this halves the depth: the requests behind it were waiting that long. */
    static final long SLOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final boolean adaptive;
    private final int max;
    private int depth;
    private int peak;
    private int streak;
    private boolean stopped;

    private PipelineDepth(boolean adaptive, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("pipeline depth must be at least 1");
        }
        this.adaptive = adaptive;
        this.max = max;
        this.depth = adaptive ? 1 : max;
        this.peak = depth;
    }

    /** Always {@code depth}, unless the server shows it will not keep a connection. */
    static PipelineDepth fixed(int depth) {
        return new PipelineDepth(false, depth);
    }

    /** From 1 up to {@code max}, as the server earns it. */
    static PipelineDepth adaptive(int max) {
        return new PipelineDepth(true, max);
    }

    /** The depth {@code config} asks each origin for: earned, or fixed. */
    static PipelineDepth of(HttpEngineConfig config) {
        return new PipelineDepth(config.adaptivePipeline(), config.pipeline());
    }

    /**
     * Requests go out in batches: those of one flush, the next batch once all are answered. An adaptive depth
     * batches until the server has answered a whole run of batches of two in full. A server that reads a request
     * at a time and drops the rest of what it read, keeping the connection, then leaves the second request of a
     * batch unanswered (a first-byte timeout, and a retry alone) instead of answering a request sent later in its
     * place, which no client can tell from the answer it waits for. Once proven, a connection takes a request as
     * soon as it has room: the server kept what it read beyond one request.
     */
    boolean batches() {
        return adaptive && peak <= 2; // deeper only after a whole run at 2 was answered in full
    }

    /** Requests a connection may carry now. */
    int current() {
        return depth;
    }

    /** The deepest it has been. */
    int peak() {
        return peak;
    }

    /** It will stay at 1: the server lost pipelined requests. */
    boolean stopped() {
        return stopped;
    }

    /** This origin's line in a run's pipelining stats. */
    PipeliningStats stats() {
        return new PipeliningStats(1, peak > 1 ? 1 : 0, peak, stopped ? 1 : 0);
    }

    /**
     * A response ended, {@code headNanos} after its request became the one being answered.
     *
     * @param keptAlive the server keeps the connection after it
     * @param backlog   requests are waiting for a connection with room, so a deeper pipeline would take them
     */
    void responded(long headNanos, boolean keptAlive, boolean backlog) {
        if (!adaptive || stopped) {
            return;
        }
        if (headNanos > SLOW_NANOS) {
            depth = Math.max(1, depth / 2);
            streak = 0;
        } else if (!keptAlive || headNanos > QUICK_NANOS) {
            streak = 0;
        } else if (++streak >= GROW_AFTER && backlog && depth < max) {
            depth = Math.min(max, depth * 2);
            peak = Math.max(peak, depth);
            streak = 0;
        }
    }

    /**
     * A response said the connection closes after it, with requests queued behind it on that connection: they go
     * again on another one. A fixed depth ends at 1 there (it never grows back). An adaptive one halves: a server
     * that closes every so many requests (nginx's keepalive_requests, 1000 by default) still pipelines well and
     * costs only the few requests sent twice, while one that closes often never keeps a run to grow on.
     */
    void closedWithRequestsBehind() {
        depth = adaptive ? Math.max(1, depth / 2) : 1;
        streak = 0;
    }

    /** Pipelined requests were lost (a reset, or a close without a word): 1 from now on. */
    void stop() {
        depth = 1;
        streak = 0;
        stopped = true;
    }
}
