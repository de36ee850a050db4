package dev.bulkfetch.dns;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * Hands each datagram that arrives on a resolver socket to the engine, and releases it. Errors on
 * the socket (ICMP port unreachable from a dead resolver) go to the engine too: they are not fatal
 * to the socket, but they tell at once that the resolver will not answer.
 */
final class DnsReplyHandler extends ChannelInboundHandlerAdapter {
    private final DnsEngine engine;
    private final UdpResolverSocket socket;

    DnsReplyHandler(DnsEngine engine, UdpResolverSocket socket) {
        this.engine = engine;
        this.socket = socket;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            try {
                engine.onUdpReply(socket, packet.content(), packet.sender());
            } finally {
                packet.release();
            }
        } else if (msg instanceof io.netty.buffer.ByteBuf buf) {
            // a connected socket may hand over bare buffers: the kernel already checked the source
            try {
                engine.onUdpReply(socket, buf, null);
            } finally {
                buf.release();
            }
        } else {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        engine.onSocketError(socket, cause);
    }
}
