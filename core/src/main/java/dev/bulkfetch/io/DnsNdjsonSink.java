package dev.bulkfetch.io;

import dev.bulkfetch.dns.DnsAnswer;
import dev.bulkfetch.dns.DnsRcode;
import dev.bulkfetch.dns.DnsRecordType;
import dev.bulkfetch.dns.ResolverAddresses;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes DNS results as NDJSON, one object per target, with the fields listed in ARCHITECTURE.md:
 * {@code line, input, name, type, rcode, answers, chain, resolver, rtt_ms, attempts, error}.
 */
public final class DnsNdjsonSink extends TextSink<DnsResult> {

    /** Resolvers seen, as printed: a run has a few, and formatting one per record was 7% of a sweep's allocation. */
    private final Map<InetSocketAddress, String> resolverTexts = new HashMap<>();

    public DnsNdjsonSink(Writer out) {
        super(out);
    }

    private String resolverText(InetSocketAddress resolver) {
        String text = resolverTexts.get(resolver);
        if (text == null) {
            if (resolverTexts.size() >= 1024) {
                resolverTexts.clear(); // not a run's resolvers but something else: bounded all the same
            }
            text = ResolverAddresses.format(resolver);
            resolverTexts.put(resolver, text);
        }
        return text;
    }

    @Override
    protected void format(DnsResult r) throws IOException {
        DnsAnswer a = r.answer();
        sb.append("{\"line\":").append(r.target().line()).append(",\"input\":");
        JsonText.string(sb, r.target().input());
        sb.append(",\"name\":");
        JsonText.string(sb, r.target().question() == null ? null : r.target().question().fqdn());
        sb.append(",\"type\":");
        JsonText.string(sb, r.target().question() == null ? null : DnsRecordType.name(r.target().question().type()));
        sb.append(",\"rcode\":");
        JsonText.string(sb, a == null || a.rcode() < 0 ? null : DnsRcode.name(a.rcode()));
        sb.append(",\"answers\":");
        JsonText.strings(sb, a == null ? List.of() : a.data());
        sb.append(",\"chain\":");
        JsonText.strings(sb, a == null ? List.of() : a.chain());
        sb.append(",\"resolver\":");
        InetSocketAddress resolver = a == null ? null : a.resolver();
        JsonText.string(sb, resolver == null ? null : resolverText(resolver));
        sb.append(",\"rtt_ms\":");
        JsonText.millis(sb, a == null ? -1 : a.rttNanos());
        sb.append(",\"attempts\":").append(a == null ? 0 : a.attempts()).append(',');
        ErrorJson.append(sb, r.error()).append("}\n");
    }
}
