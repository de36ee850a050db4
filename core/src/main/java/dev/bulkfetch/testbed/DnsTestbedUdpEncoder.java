package dev.bulkfetch.testbed;

import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DnsResponse;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Netty's UDP response encoder plus truncation: a reply whose encoded size exceeds its
 * {@link DnsTestbedUdpResponse#udpLimit()} is replaced by its {@link DnsTestbedUdpResponse#truncatedCopy()}.
 *
 * <p>Deciding after encoding, on the real byte count, keeps the rule exact without a second size model of
 * the codec; the cost (encoding twice) is only paid by the rare oversized reply.
 */
final class DnsTestbedUdpEncoder extends DatagramDnsResponseEncoder {

    private final DnsTestbedCounters counters;

    DnsTestbedUdpEncoder(DnsTestbedCounters counters) {
        this.counters = counters;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, AddressedEnvelope<DnsResponse, InetSocketAddress> in,
                          List<Object> out) throws Exception {
        super.encode(ctx, in, out);
        Object message = in;
        if (!(message instanceof DnsTestbedUdpResponse)) {
            return;
        }
        DnsTestbedUdpResponse reply = (DnsTestbedUdpResponse) message;
        DatagramPacket packet = (DatagramPacket) out.get(out.size() - 1);
        if (packet.content().readableBytes() <= reply.udpLimit()) {
            return;
        }
        out.remove(out.size() - 1);
        packet.release();
        DnsTestbedUdpResponse truncated = reply.truncatedCopy();
        try {
            super.encode(ctx, envelope(truncated), out);
        } finally {
            truncated.release();
        }
        counters.truncated.increment();
    }

    // DatagramDnsResponse is an envelope of itself; the encoder's signature wants the DnsResponse view.
    @SuppressWarnings("unchecked")
    private static AddressedEnvelope<DnsResponse, InetSocketAddress> envelope(DnsTestbedUdpResponse response) {
        return (AddressedEnvelope<DnsResponse, InetSocketAddress>) (AddressedEnvelope<?, ?>) response;
    }
}
