package dev.bulkfetch.cli;

import dev.bulkfetch.engine.Progress;

import java.io.PrintStream;
import java.util.Locale;

/** The one-line, self-overwriting progress display on stderr. */
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
        err.print(String.format(Locale.ROOT, "\r%,d done  %,.0f/s  %,d in flight  %,d errors  %.0fs   ",
                p.done(), p.ratePerSecond(), p.inFlight(), p.errors(), p.elapsedNanos() / 1e9));
        err.flush();
    }

    void clear() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
