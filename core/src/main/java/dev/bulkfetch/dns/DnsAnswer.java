package dev.bulkfetch.dns;

import dev.bulkfetch.error.BulkError;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The outcome of one question: the final records (after following CNAMEs within the reply), the
 * chain that led to them, and how it went. NXDOMAIN and NODATA are answers, not errors.
 *
 * @param question the question asked
 * @param rcode    the response code of the accepted reply, or -1 when none was accepted
 * @param records  the records of the asked type at the end of the CNAME chain
 * @param chain    the CNAME targets followed, in order (empty when the name had no alias)
 * @param resolver the resolver whose reply was accepted (or the last one tried)
 * @param rttNanos round trip of the accepted attempt, or -1
 * @param elapsedNanos from the question being asked to this answer: waiting for room in the
 *                     in-flight window and every attempt included
 * @param attempts how many attempts were sent (UDP and TCP)
 * @param error    null, or why there is no usable reply
 */
public record DnsAnswer(DnsQuestion question, int rcode, List<DnsRecord> records, List<String> chain,
                        InetSocketAddress resolver, long rttNanos, long elapsedNanos, int attempts,
                        BulkError error) {

    /**
     * The data of each final record, in order. Written once per record of a sweep: a plain loop, since a
     * stream here was an eighth of everything a PTR sweep allocated.
     */
    public List<String> data() {
        if (records.size() == 1) {
            return List.of(records.get(0).data());
        }
        String[] data = new String[records.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = records.get(i).data();
        }
        return List.of(data);
    }

    /** The smallest TTL of the final records, or 0 without records. */
    public long minTtl() {
        if (records.isEmpty()) {
            return 0;
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < records.size(); i++) {
            min = Math.min(min, records.get(i).ttl());
        }
        return min;
    }
}
