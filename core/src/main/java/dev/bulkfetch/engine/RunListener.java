package dev.bulkfetch.engine;

import dev.bulkfetch.metrics.IntervalSnapshot;

import java.time.Duration;

/**
 * Watches a run from the writer thread (never the event loop, so it may write files): a progress view
 * about once a second, and a latency snapshot per reporting interval, the last one when the run ends.
 */
@FunctionalInterface
public interface RunListener {
    /** A listener that ignores everything. */
    RunListener NONE = p -> { };

    void progress(Progress progress);

    /** What every phase recorded in the interval just ended; intervals follow each other without gaps. */
    default void interval(IntervalSnapshot snapshot) {
    }

    /**
     * Something the person running bulkfetch should know now, even with the progress line off (a
     * resolver that does not answer, say); one line, without a trailing newline.
     */
    default void notice(String message) {
    }

    /** How long a reporting interval is. */
    default Duration intervalLength() {
        return Duration.ofSeconds(1);
    }
}
