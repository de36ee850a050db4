package dev.bulkfetch.io;

import dev.bulkfetch.dns.DnsAnswer;
import dev.bulkfetch.dns.DnsRcode;
import dev.bulkfetch.dns.DnsRecord;
import dev.bulkfetch.dns.DnsRecordType;

import java.io.IOException;
import java.io.Writer;

/**
 * massdns-style text: one {@code name. TYPE data} line per final record. A target without records
 * still gets a line, as a {@code ;} comment with its rcode or error, so nothing goes unreported and
 * parsers of the massdns format skip it.
 */
public final class DnsSimpleSink extends TextSink<DnsResult> {

    public DnsSimpleSink(Writer out) {
        super(out);
    }

    @Override
    protected void format(DnsResult r) throws IOException {
        DnsAnswer a = r.answer();
        if (r.error() != null) {
            sb.append("; ").append(r.target().input()).append(' ').append(r.error().kind()).append(' ')
                    .append(r.error().message().replace('\n', ' ')).append('\n');
        } else if (a.records().isEmpty()) {
            sb.append("; ").append(a.question().fqdn()).append(' ').append(DnsRecordType.name(a.question().type()))
                    .append(' ').append(a.rcode() == DnsRcode.NOERROR ? "NODATA" : DnsRcode.name(a.rcode())).append('\n');
        } else {
            String name = a.question().fqdn();
            for (DnsRecord record : a.records()) {
                sb.append(name).append(' ').append(DnsRecordType.name(record.type())).append(' ')
                        .append(record.data()).append('\n');
            }
        }
    }
}
