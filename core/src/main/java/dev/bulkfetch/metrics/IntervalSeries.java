package dev.bulkfetch.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a run's intervals, reduced to a few figures each, for the plots over time. One thread
 * only (the writer thread during a run).
 */
public final class IntervalSeries {
    private final List<IntervalPoint> points = new ArrayList<>();
    private long startEpochMs = -1;

    /** Adds the next interval; the first one's start is the run's, and times count from it. */
    public void add(IntervalSnapshot s) {
        if (startEpochMs < 0) {
            startEpochMs = s.startEpochMs();
        }
        points.add(IntervalPoint.of((s.startEpochMs() - startEpochMs) / 1000.0,
                (s.endEpochMs() - s.startEpochMs()) / 1000.0, s.phases()));
    }

    /** When the first interval started, or -1 before any. */
    public long startEpochMs() {
        return startEpochMs;
    }

    public List<IntervalPoint> points() {
        return List.copyOf(points);
    }
}
