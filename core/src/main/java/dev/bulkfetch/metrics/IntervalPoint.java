package dev.bulkfetch.metrics;

import java.util.Map;

/**
 * One interval of a run, reduced to what plots over time need.
 *
 * @param startSeconds  start, in seconds since the run started
 * @param lengthSeconds length of the interval
 * @param completions   targets finished in the interval (the counts of {@code total} and {@code error})
 * @param phases        phase name to its figures in this interval, only phases with values
 */
public record IntervalPoint(double startSeconds, double lengthSeconds, long completions,
                            Map<String, PhaseStats> phases) {
    public IntervalPoint {
        phases = Map.copyOf(phases);
    }

    /** Completions per second in this interval. */
    public double throughput() {
        return lengthSeconds <= 0 ? 0 : completions / lengthSeconds;
    }
}
