package dev.bulkfetch.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Hands length-delimited replies from a resolver's TCP connection to the engine, and tells it when
 * the connection comes up or goes away so waiting questions are sent or moved on.
 */
final class DnsTcpReplyHandler extends ChannelInboundHandlerAdapter {
    private final DnsEngine engine;
    private final TcpResolverConnection connection;

    DnsTcpReplyHandler(DnsEngine engine, TcpResolverConnection connection) {
        this.engine = engine;
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.onConnected();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf frame) {
                engine.onTcpReply(connection, frame);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        engine.onTcpClosed(connection);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        engine.onTcpError();
        ctx.close();
    }
}
