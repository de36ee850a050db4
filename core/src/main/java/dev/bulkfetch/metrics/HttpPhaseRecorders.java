package dev.bulkfetch.metrics;

import dev.bulkfetch.http.PhaseTimings;

import java.util.ArrayList;
import java.util.List;

/**
 * The phases of an HTTP run: dns, connect, tls, ttfb; the whole fetch split by outcome (every
 * response, then per status class); fetches that failed; and, under a constant rate, the uncorrected
 * service time. Recorded on the event loop only.
 */
public final class HttpPhaseRecorders implements PhaseSet {
    private final PhaseRecorder dns = new PhaseRecorder("dns");
    private final PhaseRecorder connect = new PhaseRecorder("connect");
    private final PhaseRecorder tls = new PhaseRecorder("tls");
    private final PhaseRecorder ttfb = new PhaseRecorder("ttfb");
    private final PhaseRecorder total = new PhaseRecorder(Phases.TOTAL);
    private final PhaseRecorder[] byClass = new PhaseRecorder[6];
    private final PhaseRecorder error = new PhaseRecorder(Phases.ERROR);
    private final PhaseRecorder service;
    private final List<PhaseRecorder> all = new ArrayList<>();

    /** @param constantRate whether targets start on a constant-rate schedule (adds the service phase) */
    public HttpPhaseRecorders(boolean constantRate) {
        all.addAll(List.of(dns, connect, tls, ttfb, total));
        for (int c = 1; c <= 5; c++) {
            byClass[c] = new PhaseRecorder(Phases.TOTAL + "-" + c + "xx");
            all.add(byClass[c]);
        }
        all.add(error);
        service = constantRate ? new PhaseRecorder(Phases.SERVICE) : null;
        if (service != null) {
            all.add(service);
        }
    }

    /**
     * Records one finished fetch.
     *
     * @param status   the final status (used when the fetch did not fail)
     * @param failed   whether the fetch ended in an error
     * @param lagNanos how late the fetch started behind its intended time (0 without a rate)
     */
    public void record(PhaseTimings t, int status, boolean failed, long lagNanos) {
        recordIfDone(dns, t.dns());
        recordIfDone(connect, t.connect());
        recordIfDone(tls, t.tls());
        recordIfDone(ttfb, t.ttfb());
        if (t.total() < 0) {
            return;
        }
        long corrected = t.total() + lagNanos;
        if (failed) {
            error.recordNanos(corrected);
            return;
        }
        total.recordNanos(corrected);
        int c = status / 100;
        if (c >= 1 && c <= 5) {
            byClass[c].recordNanos(corrected);
        }
        if (service != null) {
            service.recordNanos(t.total());
        }
    }

    private static void recordIfDone(PhaseRecorder r, long nanos) {
        if (nanos >= 0) {
            r.recordNanos(nanos);
        }
    }

    @Override
    public PhaseRecorder headline() {
        return total;
    }

    @Override
    public List<PhaseRecorder> all() {
        return List.copyOf(all);
    }
}
