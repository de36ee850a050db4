package dev.bulkfetch.testbed;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsSection;

/**
 * Answers DNS queries arriving on one UDP socket: counts them, applies the drop and truncate faults, and
 * writes the responder's reply sized for the client's EDNS limit.
 *
 * <p>Replies are written without flushing and flushed once per read batch in
 * {@link #channelReadComplete}, so a burst of datagrams costs one {@code sendmmsg} on epoll, not one
 * syscall each. Nothing here closes the socket: a bad datagram is counted and forgotten.
 *
 * <p>One instance per UDP socket, because it owns that socket's {@link DnsTestbedFaults.DropSequence}.
 *
 * @see DnsTestbedTcpHandler
 * @see DnsTestbedUdpEncoder
 */
final class DnsTestbedUdpHandler extends SimpleChannelInboundHandler<DatagramDnsQuery> {

    private final DnsTestbedResponder responder;
    private final DnsTestbedFaults faults;
    private final DnsTestbedFaults.DropSequence drops;
    private final DnsTestbedCounters counters;

    DnsTestbedUdpHandler(DnsTestbedResponder responder, DnsTestbedFaults faults,
                         DnsTestbedFaults.DropSequence drops, DnsTestbedCounters counters) {
        this.responder = responder;
        this.faults = faults;
        this.drops = drops;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
        if (!DnsTestbedResponder.isAnswerable(query)) {
            counters.malformed.increment();
            return;
        }
        counters.udpQueries.increment();
        if (drops.dropNext()) {
            counters.dropped.increment();
            return;
        }
        // A client that floods faster than the socket drains would otherwise grow the outbound buffer
        // without bound; shedding the reply is what a loaded UDP server does anyway.
        if (!ctx.channel().isWritable()) {
            counters.dropped.increment();
            return;
        }
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        int limit = faults.truncatesOverUdp(question.name())
                ? DnsTestbedUdpResponse.ALWAYS_TRUNCATE
                : DnsTestbedEdns.udpLimit(DnsTestbedEdns.optOf(query));
        DnsTestbedUdpResponse response =
                new DnsTestbedUdpResponse(query.recipient(), query.sender(), query.id(), limit);
        responder.respond(query, response);
        ctx.write(response, ctx.voidPromise());
        counters.answered.increment();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Undecodable datagrams (and replies the codec refuses to encode) are the client's problem, and a
        // socket error on an unconnected UDP socket concerns one peer at most; the shared socket must keep
        // serving everyone else, so it is never closed here.
        if (cause instanceof DecoderException || cause instanceof EncoderException) {
            counters.malformed.increment();
        }
    }
}
