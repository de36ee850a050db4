package dev.bulkfetch.testbed;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsQuery;

/**
 * Answers DNS queries on TCP connections (RFC 7766): each length-framed query gets its reply in arrival
 * order, pipelined queries included, always complete (no faults of the UDP path apply here).
 *
 * <p>Replies are flushed once per read batch. A client that pipelines but does not read makes the
 * connection unwritable; reading then pauses until it drains, so memory stays bounded. A frame that does
 * not decode closes the connection: after a bad message the decoder's state cannot be trusted. Idle
 * connections are closed by the {@code ReadTimeoutHandler} in front of this handler.
 *
 * <p>Stateless, shared by every connection.
 *
 * @see DnsTestbedUdpHandler
 */
@ChannelHandler.Sharable
final class DnsTestbedTcpHandler extends SimpleChannelInboundHandler<DnsQuery> {

    private final DnsTestbedResponder responder;
    private final DnsTestbedCounters counters;

    DnsTestbedTcpHandler(DnsTestbedResponder responder, DnsTestbedCounters counters) {
        this.responder = responder;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DnsQuery query) {
        if (!DnsTestbedResponder.isAnswerable(query)) {
            counters.malformed.increment();
            return;
        }
        counters.tcpQueries.increment();
        DefaultDnsResponse response = new DefaultDnsResponse(query.id());
        responder.respond(query, response);
        ctx.write(response, ctx.voidPromise());
        counters.answered.increment();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            counters.malformed.increment();
        }
        // Resets, read timeouts and bad frames all end the same way: this connection only.
        ctx.close();
    }
}
