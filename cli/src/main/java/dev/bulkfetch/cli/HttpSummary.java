package dev.bulkfetch.cli;

import dev.bulkfetch.engine.HttpRunReport;
import dev.bulkfetch.metrics.report.LatencyTable;

import java.io.PrintStream;

/** The end-of-run summary of an HTTP run, for people, on stderr. */
final class HttpSummary {
    private HttpSummary() {
    }

    static void print(PrintStream err, HttpRunReport r, long skippedLines) {
        RunHeadline.print(err, r.outcome(), r.outcomes(), skippedLines);
        LatencyTable.print(err, r.phases());
    }
}
