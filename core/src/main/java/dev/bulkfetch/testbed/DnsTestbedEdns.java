package dev.bulkfetch.testbed;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsMessage;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;

/**
 * EDNS0 (RFC 6891) as far as the testbed needs it: the UDP payload size a query advertises, and the OPT
 * record a response to an EDNS query must carry.
 */
final class DnsTestbedEdns {

    /** What a client without EDNS can receive over UDP (RFC 1035). */
    static final int CLASSIC_UDP_LIMIT = 512;
    /** The largest UDP payload the testbed sends or advertises, whatever a client offers. */
    static final int MAX_UDP_LIMIT = 4096;

    private DnsTestbedEdns() {
    }

    /** The OPT pseudo-record of {@code message}, or null when it has none. */
    static DnsRecord optOf(DnsMessage message) {
        int count = message.count(DnsSection.ADDITIONAL);
        for (int i = 0; i < count; i++) {
            DnsRecord record = message.recordAt(DnsSection.ADDITIONAL, i);
            if (record.type().equals(DnsRecordType.OPT)) {
                return record;
            }
        }
        return null;
    }

    /**
     * How large a UDP reply to {@code opt}'s query may be: its advertised size (the class field of OPT),
     * at least 512 as RFC 6891 requires and at most {@link #MAX_UDP_LIMIT}; 512 without EDNS.
     */
    static int udpLimit(DnsRecord opt) {
        if (opt == null) {
            return CLASSIC_UDP_LIMIT;
        }
        return Math.max(CLASSIC_UDP_LIMIT, Math.min(MAX_UDP_LIMIT, opt.dnsClass() & 0xffff));
    }

    /** The OPT record for a response: version 0, no flags, no options, advertising {@link #MAX_UDP_LIMIT}. */
    static DnsRecord responseOpt() {
        return new DefaultDnsRawRecord(".", DnsRecordType.OPT, MAX_UDP_LIMIT, 0, Unpooled.EMPTY_BUFFER);
    }
}
