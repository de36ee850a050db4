package dev.bulkfetch.cli;

import dev.bulkfetch.engine.HttpRunReport;
import dev.bulkfetch.http.PipeliningStats;
import dev.bulkfetch.metrics.report.LatencyTable;

import java.io.PrintStream;
import java.util.Locale;

/** The end-of-run summary of an HTTP run, for people, on stderr. */
final class HttpSummary {
    private HttpSummary() {
    }

    static void print(PrintStream err, HttpRunReport r, long skippedLines) {
        RunHeadline.print(err, r.outcome(), r.outcomes(), skippedLines);
        PipeliningStats p = r.pipelining();
        if (p.pipelined() > 0 || p.stopped() > 0) {
            err.printf(Locale.ROOT, "  pipelining: %,d of %s, up to %d requests per connection; stopped on %,d"
                            + " that lost pipelined requests%n", p.pipelined(), Counted.of(p.origins(), "origin"),
                    p.deepest(), p.stopped());
        }
        LatencyTable.print(err, r.phases());
    }
}
