package dev.bulkfetch.cli;

import dev.bulkfetch.engine.Progress;

import java.io.PrintStream;
import java.util.Locale;

/** The one-line, self-overwriting progress display on stderr, and the notices that interrupt it. */
final class ProgressLine {
    private final PrintStream err;
    private final boolean enabled;
    private boolean shown;

    ProgressLine(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    void update(Progress p) {
        if (!enabled) {
            return;
        }
        shown = true;
        String done = p.total() >= 0 ? String.format(Locale.ROOT, "%,d/%,d", p.done(), p.total())
                : String.format(Locale.ROOT, "%,d", p.done());
        String latency = p.p50Micros() < 0 ? "" : String.format(Locale.ROOT, "  p50 %.1f ms  p99 %.1f ms",
                p.p50Micros() / 1000.0, p.p99Micros() / 1000.0);
        String late = p.lateStarts() > 0 ? "  " + Counted.of(p.lateStarts(), "late start") : "";
        err.print(String.format(Locale.ROOT, "\r%s done  %,.0f/s  %,d in flight  %s%s%s  %.0fs   ",
                done, p.ratePerSecond(), p.inFlight(), Counted.of(p.errors(), "error"), latency, late,
                p.elapsedNanos() / 1e9));
        err.flush();
    }

    /** A line of its own, shown whether the progress line is on or not; the progress line resumes below it. */
    void notice(String message) {
        clear();
        shown = false;
        err.println("bulkfetch: " + message);
        err.flush();
    }

    void clear() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
