package dev.bulkfetch.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a run's intervals, reduced to a few figures each, for the plots over time. One thread
 * only (the writer thread during a run).
 */
public final class IntervalSeries {
    private final long startEpochMs;
    private final List<IntervalPoint> points = new ArrayList<>();

    /** @param startEpochMs the run's start: interval times are seconds since then */
    public IntervalSeries(long startEpochMs) {
        this.startEpochMs = startEpochMs;
    }

    public void add(IntervalSnapshot s) {
        points.add(IntervalPoint.of((s.startEpochMs() - startEpochMs) / 1000.0,
                (s.endEpochMs() - s.startEpochMs()) / 1000.0, s.phases()));
    }

    public List<IntervalPoint> points() {
        return List.copyOf(points);
    }
}
