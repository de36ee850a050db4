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
 * the order they were read. The start of a body travels with its first piece and the end with its last, so a
 * body read in one go (a compressed 100 KiB body is under 1 KiB on the wire) costs one hand-over, not three.
 *
 * <p>The cap on the decoded body is the sink's, enforced on the worker exactly as on the loop
 * ({@code BODY_TOO_LARGE} one byte past it, a bomb costing at most that much inflate work); after a failure the
 * worker drops the rest of that body, and the connection closes if it is still reading it.
 *
 * <p>Back-pressure: bytes handed over and not yet decoded are counted; past {@link #HIGH_WATER} the channel stops
 * reading until the worker is back under {@link #LOW_WATER}. A connection therefore holds at most
 * {@code HIGH_WATER} plus one read of undecoded body however far its worker lags, and a bomb is read at most that
 * far past the point where it failed.
 *
 * <p>Loop-side methods ({@link #begin}, {@link #accept}) run on the connection's event loop; the sink and
 * {@link #failed} belong to the worker; {@link #pending} and {@link #paused} are the only state both see.
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

    /** How a body starts: the arguments of {@link BodySink#begin}. */
    private record Start(String contentEncoding, boolean decode, long maxBody, boolean store) {
    }

    private final EventExecutor worker;
    private final Channel channel;
    private final Results results;
    /** touched by the worker only (published to it by the executor's queue) */
    private final BodySink sink = new BodySink();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean paused;
    /** loop only: the start of the body being read, until its first piece carries it to the worker */
    private Start start;
    /** worker only: the body being decoded has failed, its remaining pieces are dropped */
    private boolean failed;

    OffLoopBody(EventExecutor worker, Channel channel, Results results) {
        this.worker = worker;
        this.channel = channel;
        this.results = results;
    }

    /** A body starts (arguments as {@link BodySink#begin}); it goes to the worker with its first piece. */
    void begin(String contentEncoding, boolean decode, long maxBody, boolean store) {
        start = new Start(contentEncoding, decode, maxBody, store);
    }

    /**
     * The next piece of the body of {@code ex} (retained here, released by the worker); {@code last}: the body
     * ended on the wire, and its result follows on the loop.
     */
    void accept(Exchange ex, ByteBuf content, boolean last) {
        int n = content.readableBytes();
        if (n == 0 && !last) {
            return;
        }
        Start first = start;
        start = null;
        ByteBuf piece = n == 0 ? null : content.retain();
        pending.addAndGet(n);
        try {
            worker.execute(() -> onWorker(ex, first, piece, n, last));
        } catch (RejectedExecutionException e) {
            // the engine is closing: its fetches end as CANCELLED
            if (piece != null) {
                piece.release();
            }
            pending.addAndGet(-n);
            return;
        }
        if (!paused && pending.get() > HIGH_WATER) {
            pause();
        }
    }

    /** The connection is gone: the worker frees the inflate state after what it was handed. */
    void close() {
        try {
            worker.execute(sink::close);
        } catch (RejectedExecutionException e) {
            // the engine is closing and its workers with it; the Inflaters' cleaner frees their native memory
        }
    }

    /** Bytes handed over and not yet decoded (for tests). */
    long pending() {
        return pending.get();
    }

    private void onWorker(Exchange ex, Start first, ByteBuf piece, int n, boolean last) {
        try {
            if (first != null) {
                failed = false;
                sink.begin(first.contentEncoding(), first.decode(), first.maxBody(), first.store());
            }
            if (piece != null && !failed) {
                sink.accept(piece);
            }
            if (last && !failed) {
                long decoded = sink.end();
                String sha256 = sink.sha256Hex();
                byte[] body = sink.body();
                toLoop(() -> results.bodyDecoded(ex, decoded, sha256, body));
            }
        } catch (FetchException e) {
            fail(ex, e.error());
        } catch (RuntimeException e) {
            fail(ex, BulkError.of(ErrorKind.INTERNAL, "decoding the body failed: " + e));
        } finally {
            if (piece != null) {
                piece.release();
            }
            // Dekker with pause(): this side writes pending then reads paused, the loop writes paused then
            // reads pending, so one of them sees the other and a paused channel is always resumed.
            if (n > 0 && pending.addAndGet(-n) <= LOW_WATER && paused) {
                toLoop(this::resumeIfDrained);
            }
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

    private void toLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the loop is shut down: every fetch of the engine has ended already
        }
    }
}
