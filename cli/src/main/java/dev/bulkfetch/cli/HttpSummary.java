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
        double secs = r.outcome().elapsed().toNanos() / 1e9;
        err.printf(Locale.ROOT, "%,d targets in %.2f s (%,.0f/s)%s%n", r.outcome().results(), secs,
                secs > 0 ? r.outcome().results() / secs : 0,
                skippedLines > 0 ? String.format(Locale.ROOT, ", %,d blank/comment lines skipped", skippedLines) : "");
        StringBuilder sb = new StringBuilder("  outcomes:");
        r.outcomes().snapshot().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %,d", k, v)));
        err.println(sb);
        r.phases().forEach((phase, h) -> {
            if (h.getTotalCount() > 0) {
                err.printf(Locale.ROOT, "  %-8s %s%n", phase + ":", LatencyText.percentiles(h));
            }
        });
    }
}
