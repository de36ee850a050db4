package dev.bulkfetch.cli;

import dev.bulkfetch.dns.DnsEngineStats;
import dev.bulkfetch.engine.DnsSweepReport;
import dev.bulkfetch.metrics.report.LatencyTable;

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
        err.printf(Locale.ROOT, "  wire: %s sent (%s, %,d over TCP), %s, %s; dropped: %,d unknown id, %,d wrong"
                        + " question, %,d wrong source, %,d malformed%n",
                Counted.of(w.queriesSent(), "query", "queries"), Counted.of(w.retransmits(), "retransmit"),
                w.truncated(), Counted.of(w.repliesReceived(), "reply", "replies"), Counted.of(w.timeouts(), "timeout"),
                w.unmatchedId(), w.wrongQuestion(), w.wrongSource(), w.malformed());
        if (w.unreachable() > 0 || w.notSent() > 0) {
            err.printf(Locale.ROOT, "  resolvers: %s; %s without another send, no resolver could be asked"
                            + " (DNS_UNREACHABLE)%n", Counted.of(w.unreachable(), "ICMP unreachable report"),
                    Counted.of(w.notSent(), "question ended", "questions ended"));
        }
    }
}
