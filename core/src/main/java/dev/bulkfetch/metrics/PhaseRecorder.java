package dev.bulkfetch.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The latencies of one phase (a DNS round trip, an HTTP connect...): recorded by the event loop
 * without locks, atomics or allocation, read from another thread as interval or cumulative histograms.
 * Values are microseconds with 3 significant digits.
 */
public final class PhaseRecorder {
    private static final long HIGHEST_MICROS = 3_600_000_000L; // one hour

    private final String name;
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(1, HIGHEST_MICROS, 3);
    private Histogram interval;

    public PhaseRecorder(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * Records one duration. Only one thread may record (the event loop that owns the run): a
     * single-writer recorder needs no atomic operations per value.
     */
    public void recordNanos(long nanos) {
        long micros = Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1000));
        recorder.recordValue(micros);
    }

    /**
     * Takes what was recorded since the last call, adds it to the cumulative histogram and returns
     * the interval. Call from one reader thread only.
     */
    public synchronized Histogram takeInterval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** Everything recorded so far (takes the pending interval first). */
    public synchronized Histogram cumulative() {
        takeInterval();
        return total.copy();
    }
}
