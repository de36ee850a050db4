package dev.bulkfetch.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The latencies of one phase (a DNS round trip, an HTTP connect...): recorded by the event loop
 * without locks, atomics or allocation, read from another thread as interval or cumulative histograms.
 * Values are microseconds with 3 significant digits; the phase name is the histogram's tag in logs.
 */
public final class PhaseRecorder {
    /** Largest value kept: one hour, in microseconds; longer durations are clamped to it. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;
    static final int DIGITS = 3;

    private final String name;
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_MICROS, DIGITS);
    private final Histogram total = newHistogram();
    private final Histogram pending = newHistogram();
    private Histogram recycled;
    private long pendingStartMs = -1;
    private long pendingEndMs;

    public PhaseRecorder(String name) {
        if (!name.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException("phase names are lower-case tags without spaces: " + name);
        }
        this.name = name;
    }

    /** An empty histogram with the range and precision every phase uses. */
    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_MICROS, DIGITS);
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
     * Moves what was recorded so far into the cumulative histogram and the pending interval, so a
     * progress line can read fresh percentiles without cutting the interval log short.
     */
    private void sample() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.add(recycled);
        pending.add(recycled);
        if (pendingStartMs < 0) {
            pendingStartMs = recycled.getStartTimeStamp();
        }
        pendingEndMs = recycled.getEndTimeStamp();
    }

    /**
     * What was recorded since the previous call, as a new histogram tagged with the phase name and
     * stamped with the interval's start and end (epoch milliseconds).
     */
    public synchronized Histogram takeInterval() {
        sample();
        Histogram out = tagged(pending);
        out.setStartTimeStamp(pendingStartMs);
        out.setEndTimeStamp(pendingEndMs);
        pending.reset();
        pendingStartMs = -1;
        return out;
    }

    /** Everything recorded so far, as a new tagged histogram. */
    public synchronized Histogram cumulative() {
        sample();
        return tagged(total);
    }

    private Histogram tagged(Histogram h) {
        Histogram out = h.copy();
        out.setTag(name);
        return out;
    }
}
