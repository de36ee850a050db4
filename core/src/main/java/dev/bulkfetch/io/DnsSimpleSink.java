package dev.bulkfetch.io;

import dev.bulkfetch.dns.DnsAnswer;
import dev.bulkfetch.dns.DnsRcode;
import dev.bulkfetch.dns.DnsRecord;
import dev.bulkfetch.dns.DnsRecordType;
import dev.bulkfetch.engine.ResultSink;

import java.io.IOException;
import java.io.Writer;

/**
 * massdns-style text: one {@code name. TYPE data} line per final record. A target without records
 * still gets a line, as a {@code ;} comment with its rcode or error, so nothing goes unreported and
 * parsers of the massdns format skip it.
 */
public final class DnsSimpleSink implements ResultSink<DnsResult> {
    private final Writer out;
    private final StringBuilder sb = new StringBuilder(128);

    public DnsSimpleSink(Writer out) {
        this.out = out;
    }

    @Override
    public void write(DnsResult r) throws IOException {
        sb.setLength(0);
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
        out.append(sb);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
