package dev.bulkfetch.cli;

import dev.bulkfetch.engine.RunOutcome;
import dev.bulkfetch.metrics.report.LatencyTable;
import dev.bulkfetch.metrics.OutcomeCounts;
import dev.bulkfetch.metrics.RateKeeping;

import java.io.PrintStream;
import java.util.Locale;

/** The first lines of every end-of-run summary: how many, how fast, and the outcomes by name. */
final class RunHeadline {
    private RunHeadline() {
    }

    static void print(PrintStream err, RunOutcome outcome, OutcomeCounts outcomes, long skippedLines) {
        double secs = outcome.elapsed().toNanos() / 1e9;
        err.printf(Locale.ROOT, "%s in %.2f s (%,.0f/s)%s%n", Counted.of(outcome.results(), "target"), secs,
                secs > 0 ? outcome.results() / secs : 0,
                skippedLines > 0 ? ", " + Counted.of(skippedLines, "blank/comment line") + " skipped" : "");
        StringBuilder sb = new StringBuilder("  outcomes:");
        outcomes.snapshot().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %,d", k, v)));
        err.println(sb);
        RateKeeping rate = outcome.rate();
        if (rate != null) {
            err.printf(Locale.ROOT, "  rate: asked %,.0f/s, started %,.0f/s; %,d of %,d starts more than %d ms late"
                            + " (worst %s ms)%n", rate.requestedPerSecond(), rate.achievedPerSecond(), rate.lateStarts(),
                    rate.starts(), RateKeeping.LATE_MILLIS, LatencyTable.millis(rate.maxLagMillis()));
            if (rate.fellBehind()) {
                err.println("  bulkfetch could not keep the rate: " + (rate.capReached()
                        ? "the in-flight cap (-c) was full while starts were due; raise -c or lower --rate."
                        : "the event loop fell behind; lower --rate.")
                        + " Latencies count from the intended starts, so the delay is in them.");
            }
        }
    }
}
