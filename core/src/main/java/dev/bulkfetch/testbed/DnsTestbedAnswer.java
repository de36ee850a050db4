package dev.bulkfetch.testbed;

import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsResponseCode;

import java.util.List;

/**
 * What the testbed answers for one question, before it is put into a response: the rcode and the records
 * of the answer and authority sections, in order.
 *
 * <p>Raw records hold heap buffers; hand them to a {@code DnsResponse} (which releases its records) or
 * simply drop them.
 *
 * @param rcode response code
 * @param answers answer section, in order (a CNAME chain comes link by link, then the target's records)
 * @param authority authority section: the SOA of the enclosing zone for NXDOMAIN and NODATA, else empty
 */
public record DnsTestbedAnswer(DnsResponseCode rcode, List<DnsRecord> answers, List<DnsRecord> authority) {

    static final DnsTestbedAnswer SERVFAIL = of(DnsResponseCode.SERVFAIL);
    static final DnsTestbedAnswer REFUSED = of(DnsResponseCode.REFUSED);
    static final DnsTestbedAnswer NOT_IMPLEMENTED = of(DnsResponseCode.NOTIMP);

    /** Copies the lists so an answer cannot change after it is made. */
    public DnsTestbedAnswer {
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
    }

    /** An answer with only a response code and empty sections. */
    public static DnsTestbedAnswer of(DnsResponseCode rcode) {
        return new DnsTestbedAnswer(rcode, List.of(), List.of());
    }
}
