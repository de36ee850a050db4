package dev.bulkfetch.metrics;

import dev.bulkfetch.http.PhaseTimings;

import java.util.List;

/** One {@link PhaseRecorder} per phase of an HTTP fetch: dns, connect, tls, ttfb, total (successes). */
public final class HttpPhaseRecorders {
    private final PhaseRecorder dns = new PhaseRecorder("dns");
    private final PhaseRecorder connect = new PhaseRecorder("connect");
    private final PhaseRecorder tls = new PhaseRecorder("tls");
    private final PhaseRecorder ttfb = new PhaseRecorder("ttfb");
    private final PhaseRecorder total = new PhaseRecorder("total");

    /** Records the phases that happened; the total only for successful fetches. */
    public void record(PhaseTimings t, boolean success) {
        recordIfDone(dns, t.dns());
        recordIfDone(connect, t.connect());
        recordIfDone(tls, t.tls());
        recordIfDone(ttfb, t.ttfb());
        if (success) {
            recordIfDone(total, t.total());
        }
    }

    private static void recordIfDone(PhaseRecorder r, long nanos) {
        if (nanos >= 0) {
            r.recordNanos(nanos);
        }
    }

    /** Whole fetches that succeeded. */
    public PhaseRecorder total() {
        return total;
    }

    public List<PhaseRecorder> all() {
        return List.of(dns, connect, tls, ttfb, total);
    }
}
