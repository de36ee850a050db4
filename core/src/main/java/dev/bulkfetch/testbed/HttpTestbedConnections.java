package dev.bulkfetch.testbed;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the testbed sees from the server's side (connections accepted, open and at most open at once,
 * requests answered) so tests can check a client's pooling and per-host caps, and keeps the open channels so
 * that closing the testbed closes them all. One instance is shared by every connection of a testbed.
 */
@ChannelHandler.Sharable
final class HttpTestbedConnections extends ChannelInboundHandlerAdapter {
    private final ChannelGroup channels;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    HttpTestbedConnections(EventExecutor executor) {
        this.channels = new DefaultChannelGroup("http-testbed", executor);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        accepted.incrementAndGet();
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        channels.add(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }

    void answered() {
        answered.incrementAndGet();
    }

    ChannelGroup channels() {
        return channels;
    }

    long accepted() {
        return accepted.get();
    }

    long requestsAnswered() {
        return answered.get();
    }

    int open() {
        return open.get();
    }

    int maxOpen() {
        return maxOpen.get();
    }
}
