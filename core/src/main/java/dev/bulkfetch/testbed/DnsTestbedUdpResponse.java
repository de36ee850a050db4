package dev.bulkfetch.testbed;

import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsSection;

import java.net.InetSocketAddress;

/**
 * A UDP response that knows how large it may be on the wire, so {@link DnsTestbedUdpEncoder} can swap it
 * for a truncated one after encoding, when the real size is known.
 */
final class DnsTestbedUdpResponse extends DatagramDnsResponse {

    /** A limit every reply exceeds: used for names the truncate fault picked. */
    static final int ALWAYS_TRUNCATE = 0;

    private final int udpLimit;

    DnsTestbedUdpResponse(InetSocketAddress sender, InetSocketAddress recipient, int id, int udpLimit) {
        super(sender, recipient, id);
        this.udpLimit = udpLimit;
    }

    /** Largest encoded size in bytes this reply may have; larger replies go out truncated. */
    int udpLimit() {
        return udpLimit;
    }

    /**
     * The reply a client gets instead when this one is too large: same header with TC=1, the question,
     * the OPT record if this reply had one, and nothing else, telling the client to retry over TCP.
     */
    DnsTestbedUdpResponse truncatedCopy() {
        DnsTestbedUdpResponse copy = new DnsTestbedUdpResponse(sender(), recipient(), id(), udpLimit);
        copy.setOpCode(opCode());
        copy.setCode(code());
        copy.setRecursionDesired(isRecursionDesired());
        copy.setAuthoritativeAnswer(isAuthoritativeAnswer());
        copy.setTruncated(true);
        int questions = count(DnsSection.QUESTION);
        for (int i = 0; i < questions; i++) {
            DnsQuestion question = recordAt(DnsSection.QUESTION, i);
            copy.addRecord(DnsSection.QUESTION, question);
        }
        if (DnsTestbedEdns.optOf(this) != null) {
            copy.addRecord(DnsSection.ADDITIONAL, DnsTestbedEdns.responseOpt());
        }
        return copy;
    }
}
