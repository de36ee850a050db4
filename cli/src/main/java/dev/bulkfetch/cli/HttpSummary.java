package dev.bulkfetch.cli;

import dev.bulkfetch.engine.HttpRunReport;
import dev.bulkfetch.metrics.LatencyText;

import java.io.PrintStream;
import java.util.Locale;

/** The end-of-run summary of an HTTP run, for people, on stderr. */
final class HttpSummary {
    private HttpSummary() {
    }

    static void print(PrintStream err, HttpRunReport r, long skippedLines) {
        RunHeadline.print(err, r.outcome(), r.outcomes(), skippedLines);
        r.phases().forEach((phase, h) -> {
            if (h.getTotalCount() > 0) {
                err.printf(Locale.ROOT, "  %-8s %s%n", phase + ":", LatencyText.percentiles(h));
            }
        });
    }
}
