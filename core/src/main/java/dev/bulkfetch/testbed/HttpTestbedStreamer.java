package dev.bulkfetch.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes one {@link HttpTestbedPlan} to a channel: waits out the delay on the event loop's timer, writes
 * frames only while the channel is writable (resuming when it drains), paces frames by timer when the plan
 * asks, and ends the exchange. Nothing here blocks the event loop.
 *
 * <p>All methods run on the channel's event loop.
 */
final class HttpTestbedStreamer {
    private final Channel channel;
    private final HttpTestbedPlan plan;
    private final Runnable onAnswer;
    private final Runnable onKeepAlive;
    private ScheduledFuture<?> timer;
    private boolean awaitingWritability;
    private boolean cancelled;

    /**
     * @param onAnswer runs when the first byte of the answer is about to be written
     * @param onKeepAlive runs when the response is complete and the connection can serve the next request
     */
    HttpTestbedStreamer(Channel channel, HttpTestbedPlan plan, Runnable onAnswer, Runnable onKeepAlive) {
        this.channel = channel;
        this.plan = plan;
        this.onAnswer = onAnswer;
        this.onKeepAlive = onKeepAlive;
    }

    void start() {
        if (plan.ending() == HttpTestbedPlan.Ending.STOP_READING) {
            // Before the delay: the point is that nothing the client sends from now on is read.
            channel.config().setAutoRead(false);
        }
        if (plan.delayMillis() > 0) {
            timer = channel.eventLoop().schedule(this::writeHead, plan.delayMillis(), TimeUnit.MILLISECONDS);
        } else {
            writeHead();
        }
    }

    /** The channel drained below its low water mark. */
    void resume() {
        if (awaitingWritability) {
            awaitingWritability = false;
            // Deferred rather than called: writability changes fire from inside flush, and pumping there
            // would nest one flush in another for as long as the kernel keeps accepting bytes.
            channel.eventLoop().execute(this::pump);
        }
    }

    boolean isHanging() {
        return plan.ending() == HttpTestbedPlan.Ending.HANG;
    }

    /** The connection is gone; stop timers and never write again. */
    void cancel() {
        cancelled = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void writeHead() {
        if (cancelled) {
            return;
        }
        if (plan.answers()) {
            onAnswer.run();
        }
        channel.write(Unpooled.wrappedBuffer(plan.preamble()));
        if (plan.paceMillis() > 0) {
            channel.flush();
            timer = channel.eventLoop().schedule(this::pump, plan.paceMillis(), TimeUnit.MILLISECONDS);
        } else {
            pump();
        }
    }

    private void pump() {
        if (cancelled || !channel.isActive()) {
            return;
        }
        while (channel.isWritable()) {
            ByteBuf frame = plan.frames().next(channel.alloc());
            if (frame == null) {
                end();
                return;
            }
            channel.write(frame);
            if (plan.paceMillis() > 0) {
                channel.flush();
                timer = channel.eventLoop().schedule(this::pump, plan.paceMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
        awaitingWritability = true;
        channel.flush();
    }

    private void end() {
        switch (plan.ending()) {
            case KEEP_ALIVE -> {
                channel.flush();
                onKeepAlive.run();
            }
            case CLOSE -> channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            case RESET -> channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
                // With linger 0 the kernel answers close with RST; the body is already handed to it, and on
                // loopback already delivered to the peer unless the peer's receive window was full.
                if (channel.isActive()) {
                    channel.config().setOption(ChannelOption.SO_LINGER, 0);
                }
                channel.close();
            });
            case HANG -> channel.flush();
            case STOP_READING -> channel.close();
        }
    }
}
