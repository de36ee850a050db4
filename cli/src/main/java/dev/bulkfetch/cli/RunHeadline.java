package dev.bulkfetch.cli;

import dev.bulkfetch.engine.RunOutcome;
import dev.bulkfetch.metrics.OutcomeCounts;

import java.io.PrintStream;
import java.util.Locale;

/** The first lines of every end-of-run summary: how many, how fast, and the outcomes by name. */
final class RunHeadline {
    private RunHeadline() {
    }

    static void print(PrintStream err, RunOutcome outcome, OutcomeCounts outcomes, long skippedLines) {
        double secs = outcome.elapsed().toNanos() / 1e9;
        err.printf(Locale.ROOT, "%,d targets in %.2f s (%,.0f/s)%s%n", outcome.results(), secs,
                secs > 0 ? outcome.results() / secs : 0,
                skippedLines > 0 ? String.format(Locale.ROOT, ", %,d blank/comment lines skipped", skippedLines) : "");
        StringBuilder sb = new StringBuilder("  outcomes:");
        outcomes.snapshot().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %,d", k, v)));
        err.println(sb);
    }
}
