package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Raises FIRST_BYTE_TIMEOUT when the exchange being answered gets no byte in time, and READ_TIMEOUT
 * when a response goes silent for too long. Like Netty's ReadTimeoutHandler it does no work per
 * read: the timer wakes, computes how much time is left since the last read, and sleeps again for
 * the remainder.
 *
 * @see io.netty.handler.timeout.ReadTimeoutHandler
 */
final class ReadDeadlineHandler extends ChannelInboundHandlerAdapter {
    private final HttpConnection connection;
    private final long firstByteNanos;
    private final long idleNanos;
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext ctx;

    ReadDeadlineHandler(HttpConnection connection, long firstByteNanos, long idleNanos) {
        this.connection = connection;
        this.firstByteNanos = firstByteNanos;
        this.idleNanos = idleNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Called when a request is written on an idle connection: the clocks start. */
    void arm() {
        if (timer == null && ctx != null) {
            timer = ctx.executor().schedule(this::check, Math.min(firstByteNanos, idleNanos), TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        Exchange ex = connection.head();
        if (ex == null || connection.isClosing()) {
            return; // idle: re-armed by the next request
        }
        long now = System.nanoTime();
        long left;
        if (ex.awaitingFirstByte()) {
            left = ex.answeringSinceNanos() + firstByteNanos - now;
            if (left <= 0) {
                connection.close(BulkError.of(ErrorKind.FIRST_BYTE_TIMEOUT,
                        "no response byte within " + TimeUnit.NANOSECONDS.toMillis(firstByteNanos) + " ms"));
                return;
            }
        } else {
            left = connection.lastReadNanos() + idleNanos - now;
            if (left <= 0) {
                connection.close(BulkError.of(ErrorKind.READ_TIMEOUT,
                        "no byte for " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms while reading the response"));
                return;
            }
        }
        timer = ctx.executor().schedule(this::check, left, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }
}
