package dev.bulkfetch.http;

import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * The threads that inflate and hash response bodies off the event loop, one engine's worth. They exist because
 * one loop doing inflate and SHA-256 for every body saturates at ~520 MB/s of decoded body (5-8k bodies of
 * 100 KiB a second here) while the other cores idle; see {@link OffLoopBody}.
 *
 * <p>Each connection takes one worker for its life ({@link #next()}, round robin), so its bodies are decoded in
 * the order they arrive, by one thread, with the connection's own decoder state: no locks, and the per-thread
 * {@link DecodeBuffers} serve every connection of a worker as they serve every connection of a loop. The threads
 * are daemons: a run that ends without closing its engine cannot hang the JVM on them.
 */
final class DecodeWorkers implements AutoCloseable {
    private final EventExecutorGroup group;

    /** @param threads at least 1 */
    DecodeWorkers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("decode threads " + threads);
        }
        group = new DefaultEventExecutorGroup(threads, new DefaultThreadFactory("bulkfetch-decode", true));
    }

    /** The worker for a new connection. */
    EventExecutor next() {
        return group.next();
    }

    /**
     * Stops taking work; what was handed over still runs (so every body handed over gets its result or is
     * dropped with its connection) and the threads end. Does not wait: it is called on the event loop.
     */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
