package dev.bulkfetch.cli;

import dev.bulkfetch.dns.DnsEngineStats;
import dev.bulkfetch.engine.DnsSweepReport;
import dev.bulkfetch.metrics.LatencyTable;

import java.io.PrintStream;
import java.util.Locale;

/** The end-of-run summary of a DNS sweep, for people, on stderr. */
final class DnsSummary {
    private DnsSummary() {
    }

    static void print(PrintStream err, DnsSweepReport r, long skippedLines) {
        RunHeadline.print(err, r.outcome(), r.outcomes(), skippedLines);
        LatencyTable.print(err, r.phases());
        DnsEngineStats w = r.wire();
        err.printf(Locale.ROOT, "  wire: %,d sent (%,d retransmits, %,d over TCP), %,d replies, %,d timeouts;"
                        + " dropped: %,d unknown id, %,d wrong question, %,d wrong source, %,d malformed%n",
                w.queriesSent(), w.retransmits(), w.truncated(), w.repliesReceived(), w.timeouts(), w.unmatchedId(),
                w.wrongQuestion(), w.wrongSource(), w.malformed());
        if (w.unreachable() > 0 || w.notSent() > 0) {
            err.printf(Locale.ROOT, "  resolvers: %,d ICMP unreachable reports; %,d questions ended without"
                    + " another send, no resolver could be asked (DNS_UNREACHABLE)%n", w.unreachable(), w.notSent());
        }
    }
}
