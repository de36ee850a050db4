package dev.bulkfetch.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts the bytes of each response as they come off the wire (head, framing and compressed body),
 * and notes when they came: the first byte ends the time-to-first-byte clock, every byte restarts
 * the idle-read clock.
 */
final class WireBytesCounter extends ChannelInboundHandlerAdapter {
    private final HttpConnection connection;

    WireBytesCounter(HttpConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            connection.onBytes(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
