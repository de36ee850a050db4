package dev.bulkfetch.testbed;

import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;

/**
 * Turns one decoded query into the response both transports send: header bits, the echoed question, the
 * faults' verdict or the zone's answer, and an OPT record for EDNS queries. Transport concerns (drops,
 * size limits, framing) stay in the handlers.
 *
 * <p>Immutable; one instance serves every channel.
 */
final class DnsTestbedResponder {

    private final DnsTestbedZone zone;
    private final DnsTestbedFaults faults;

    DnsTestbedResponder(DnsTestbedZone zone, DnsTestbedFaults faults) {
        this.zone = zone;
        this.faults = faults;
    }

    /**
     * Whether the testbed answers {@code query} at all. It needs exactly one question whose name can be
     * echoed unchanged; anything else is malformed for a testbed and ignored, like garbage bytes.
     */
    static boolean isAnswerable(DnsQuery query) {
        if (query.count(DnsSection.QUESTION) != 1) {
            return false;
        }
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        return DnsTestbedNames.isEchoable(question.name());
    }

    /** Fills {@code response} (fresh, same id as the query) with the answer to answerable {@code query}. */
    void respond(DnsQuery query, DnsResponse response) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        response.setOpCode(query.opCode());
        response.setRecursionDesired(query.isRecursionDesired());
        response.setAuthoritativeAnswer(true);
        response.addRecord(DnsSection.QUESTION, question);

        DnsTestbedAnswer answer = answer(query.opCode(), question);
        response.setCode(answer.rcode());
        for (DnsRecord record : answer.answers()) {
            response.addRecord(DnsSection.ANSWER, record);
        }
        for (DnsRecord record : answer.authority()) {
            response.addRecord(DnsSection.AUTHORITY, record);
        }
        if (DnsTestbedEdns.optOf(query) != null) {
            response.addRecord(DnsSection.ADDITIONAL, DnsTestbedEdns.responseOpt());
        }
    }

    private DnsTestbedAnswer answer(DnsOpCode opCode, DnsQuestion question) {
        if (!DnsOpCode.QUERY.equals(opCode)) {
            return DnsTestbedAnswer.NOT_IMPLEMENTED;
        }
        if (question.dnsClass() != DnsRecord.CLASS_IN && question.dnsClass() != DnsRecord.CLASS_ANY) {
            return DnsTestbedAnswer.REFUSED;
        }
        String name = DnsTestbedNames.canonical(question.name());
        // Faults only hit names the testbed serves: a REFUSED name stays REFUSED, as a real server's would.
        if (zone.apexOf(name) == null) {
            return DnsTestbedAnswer.REFUSED;
        }
        switch (faults.fateOf(name)) {
            case NXDOMAIN:
                return zone.nxdomain(name);
            case SERVFAIL:
                return DnsTestbedAnswer.SERVFAIL;
            default:
                return zone.answer(question.name(), name, question.type());
        }
    }
}
