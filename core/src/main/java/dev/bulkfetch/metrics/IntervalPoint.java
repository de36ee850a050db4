package dev.bulkfetch.metrics;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
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

    /** The point of one interval's tagged histograms; empty phases are left out. */
    public static IntervalPoint of(double startSeconds, double lengthSeconds, Iterable<Histogram> tagged) {
        Map<String, PhaseStats> stats = new LinkedHashMap<>();
        long completions = 0;
        for (Histogram h : tagged) {
            if (Phases.TOTAL.equals(h.getTag()) || Phases.ERROR.equals(h.getTag())) {
                completions += h.getTotalCount();
            }
            if (h.getTotalCount() > 0) {
                stats.put(h.getTag(), PhaseStats.of(h));
            }
        }
        return new IntervalPoint(startSeconds, lengthSeconds, completions, stats);
    }

    /** Completions per second in this interval. */
    public double throughput() {
        return lengthSeconds <= 0 ? 0 : completions / lengthSeconds;
    }
}
