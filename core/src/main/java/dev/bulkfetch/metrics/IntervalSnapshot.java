package dev.bulkfetch.metrics;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What every phase recorded during one reporting interval.
 *
 * @param startEpochMs start of the interval
 * @param endEpochMs   end of the interval
 * @param phases       one histogram per phase (empty ones included), each tagged with its phase name
 *                     and stamped with its own start and end
 */
public record IntervalSnapshot(long startEpochMs, long endEpochMs, List<Histogram> phases) {
    public IntervalSnapshot {
        phases = List.copyOf(phases);
    }
}
