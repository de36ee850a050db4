package dev.bulkfetch.io;

import dev.bulkfetch.dns.DnsAnswer;
import dev.bulkfetch.dns.DnsQuestion;
import dev.bulkfetch.dns.DnsRcode;
import dev.bulkfetch.dns.DnsRecord;
import dev.bulkfetch.dns.DnsRecordType;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NDJSON of DNS results: each record names the resolver that answered it, as users write resolvers. */
class DnsNdjsonSinkTest {

    private static DnsResult answered(long line, InetSocketAddress resolver, String... data) {
        DnsQuestion q = new DnsQuestion("1.0.0.127.in-addr.arpa.", DnsRecordType.PTR);
        List<DnsRecord> records = new ArrayList<>();
        for (String d : data) {
            records.add(new DnsRecord(q.name(), DnsRecordType.PTR, 300, d));
        }
        return new DnsResult(new DnsTarget(line, "127.0.0.1", q, null),
                new DnsAnswer(q, DnsRcode.NOERROR, records, List.of(), resolver, 1_000_000, 1_000_000, 1, null));
    }

    @Test
    void everyRecordNamesItsOwnResolverWhateverAnsweredTheOnesBefore() throws Exception {
        StringWriter out = new StringWriter();
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 53);
        InetSocketAddress v6 = new InetSocketAddress("::1", 5353);
        try (DnsNdjsonSink sink = new DnsNdjsonSink(out)) {
            for (int i = 1; i <= 6; i++) {
                sink.write(answered(i, i % 2 == 0 ? v6 : v4, "a.test."));
            }
        }
        String[] lines = out.toString().split("\n");
        assertEquals(6, lines.length);
        for (int i = 0; i < 6; i++) {
            String want = i % 2 == 1 ? "\"resolver\":\"[0:0:0:0:0:0:0:1]:5353\"" : "\"resolver\":\"127.0.0.1:53\"";
            assertTrue(lines[i].contains(want), lines[i]);
        }
    }

    @Test
    void theAnswersAreEveryFinalRecordInOrder() throws Exception {
        StringWriter out = new StringWriter();
        try (DnsNdjsonSink sink = new DnsNdjsonSink(out)) {
            sink.write(answered(1, new InetSocketAddress("127.0.0.1", 53), "a.test.", "b.test.", "c.test."));
            sink.write(answered(2, new InetSocketAddress("127.0.0.1", 53), "only.test."));
            sink.write(answered(3, new InetSocketAddress("127.0.0.1", 53)));
        }
        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].contains("\"answers\":[\"a.test.\",\"b.test.\",\"c.test.\"]"), lines[0]);
        assertTrue(lines[1].contains("\"answers\":[\"only.test.\"]"), lines[1]);
        assertTrue(lines[2].contains("\"answers\":[]"), lines[2]);
    }
}
