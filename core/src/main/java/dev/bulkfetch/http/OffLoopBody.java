package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.error.FetchException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bodies of one connection decoded (gzip, deflate) and hashed on a decode worker instead of on the event
 * loop, with the result handed back to the loop, where the connection joins it to its exchange. It exists
 * because the loop, doing that work itself, was saturated at ~520 MB/s of decoded body while the other cores
 * idled (profile in load-tests/RESULTS.md); the loop now only frames responses.
 *
 * <p>The loop hands over each piece of body as it arrives: the {@link ByteBuf} retained, not copied, and
 * released by the worker once its connection's {@link BodySink} has read it. So each body is touched once by
 * inflate and once by the digest, as on the loop, on one worker thread that takes the connection's pieces in
 * the order they were read. The cap on the decoded body is the sink's, enforced on the worker exactly as on the
 * loop ({@code BODY_TOO_LARGE} one byte past it, a bomb costing at most that much inflate work); after a failure
 * the worker drops the rest of that body, and the connection closes if it is still reading it.
 *
 * <p>Back-pressure: bytes handed over and not yet decoded are counted; past {@link #HIGH_WATER} the channel stops
 * reading until the worker is back under {@link #LOW_WATER}. A connection therefore holds at most
 * {@code HIGH_WATER} plus one read of undecoded body however far its worker lags, and a bomb is read at most that
 * far past the point where it failed.
 *
 * <p>Loop-side methods ({@link #begin}, {@link #accept}, {@link #end}) run on the connection's event loop; the
 * sink and {@link #failed} belong to the worker; {@link #pending} and {@link #paused} are the only state both see.
 */
final class OffLoopBody {
    /** Undecoded bytes a connection may hand over before it stops reading. */
    static final long HIGH_WATER = 64 * 1024;
    /** Undecoded bytes at which a paused connection reads again. */
    static final long LOW_WATER = 16 * 1024;

    /** Where the results go, called on the event loop. */
    interface Results {
        /** The body of {@code ex} was decoded: its size, SHA-256 and (when kept) bytes. */
        void bodyDecoded(Exchange ex, long decodedBytes, String sha256, byte[] body);

        /** The body of {@code ex} failed to decode or outgrew its cap; {@code partialBody} when bodies are kept. */
        void bodyFailed(Exchange ex, BulkError error, byte[] partialBody);
    }

    private final EventExecutor worker;
    private final Channel channel;
    private final Results results;
    /** touched by the worker only (published to it by the executor's queue) */
    private final BodySink sink = new BodySink();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean paused;
    /** worker only: the body being decoded has failed, its remaining pieces are dropped */
    private boolean failed;

    OffLoopBody(EventExecutor worker, Channel channel, Results results) {
        this.worker = worker;
        this.channel = channel;
        this.results = results;
    }

    /** A body of {@code ex} starts (arguments as {@link BodySink#begin}). */
    void begin(Exchange ex, String contentEncoding, boolean decode, long maxBody, boolean store) {
        onWorker(() -> {
            failed = false;
            sink.begin(contentEncoding, decode, maxBody, store);
        });
    }

    /** The next piece of the body of {@code ex}; retained here, released by the worker. */
    void accept(Exchange ex, ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0) {
            return;
        }
        ByteBuf piece = content.retain();
        pending.addAndGet(n);
        try {
            worker.execute(() -> decode(ex, piece, n));
        } catch (RejectedExecutionException e) {
            piece.release(); // the engine is closing: its fetches end as CANCELLED
            pending.addAndGet(-n);
            return;
        }
        if (!paused && pending.get() > HIGH_WATER) {
            pause();
        }
    }

    /** The body of {@code ex} ended on the wire: its result follows on the loop. */
    void end(Exchange ex) {
        onWorker(() -> finish(ex));
    }

    /** The connection is gone: the worker frees the inflate state after what it was handed. */
    void close() {
        onWorker(sink::close);
    }

    /** Bytes handed over and not yet decoded (for tests). */
    long pending() {
        return pending.get();
    }

    private void decode(Exchange ex, ByteBuf piece, int n) {
        try {
            if (!failed) {
                sink.accept(piece);
            }
        } catch (FetchException e) {
            fail(ex, e.error());
        } catch (RuntimeException e) {
            fail(ex, BulkError.of(ErrorKind.INTERNAL, "decoding the body failed: " + e));
        } finally {
            piece.release();
            // Dekker with pause(): this side writes pending then reads paused, the loop writes paused then
            // reads pending, so one of them sees the other and a paused channel is always resumed.
            if (pending.addAndGet(-n) <= LOW_WATER && paused) {
                toLoop(this::resumeIfDrained);
            }
        }
    }

    private void finish(Exchange ex) {
        if (failed) {
            return; // its failure is already on the way to the loop
        }
        try {
            long decoded = sink.end();
            String sha256 = sink.sha256Hex();
            byte[] body = sink.body();
            toLoop(() -> results.bodyDecoded(ex, decoded, sha256, body));
        } catch (FetchException e) {
            fail(ex, e.error());
        } catch (RuntimeException e) {
            fail(ex, BulkError.of(ErrorKind.INTERNAL, "decoding the body failed: " + e));
        }
    }

    private void fail(Exchange ex, BulkError error) {
        failed = true;
        byte[] partial = sink.body();
        toLoop(() -> results.bodyFailed(ex, error, partial));
    }

    /** On the loop: the worker lags, the channel stops reading until it has caught up. */
    private void pause() {
        paused = true;
        channel.config().setAutoRead(false);
        resumeIfDrained(); // the worker may have drained everything before it could see the flag
    }

    /** On the loop. */
    private void resumeIfDrained() {
        if (paused && pending.get() <= LOW_WATER) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // the engine is closing: its fetches end as CANCELLED; the Inflater's cleaner frees native memory
        }
    }

    private void toLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the loop is shut down: every fetch of the engine has ended already
        }
    }
}
