package dev.bulkfetch.metrics;

import java.util.List;

/**
 * The phases of a DNS run: the round trip of each accepted reply, the whole lookup (retransmits
 * included) of answered questions, lookups that failed, and under a constant rate the uncorrected
 * service time. Recorded on the event loop only.
 */
public final class DnsPhaseRecorders implements PhaseSet {
    private final PhaseRecorder rtt = new PhaseRecorder("rtt");
    private final PhaseRecorder total = new PhaseRecorder(Phases.TOTAL);
    private final PhaseRecorder error = new PhaseRecorder(Phases.ERROR);
    private final PhaseRecorder service;

    /** @param constantRate whether targets start on a constant-rate schedule (adds the service phase) */
    public DnsPhaseRecorders(boolean constantRate) {
        service = constantRate ? new PhaseRecorder(Phases.SERVICE) : null;
    }

    /**
     * Records one finished lookup.
     *
     * @param rttNanos   round trip of the accepted reply, or -1 without one
     * @param totalNanos from the lookup's start to its answer or error
     * @param answered   whether a reply was accepted (any rcode) rather than an error
     * @param lagNanos   how late the lookup started behind its intended time (0 without a rate)
     */
    public void record(long rttNanos, long totalNanos, boolean answered, long lagNanos) {
        if (rttNanos >= 0) {
            rtt.recordNanos(rttNanos);
        }
        if (!answered) {
            error.recordNanos(totalNanos + lagNanos);
            return;
        }
        total.recordNanos(totalNanos + lagNanos);
        if (service != null) {
            service.recordNanos(totalNanos);
        }
    }

    public PhaseRecorder rtt() {
        return rtt;
    }

    @Override
    public PhaseRecorder headline() {
        return total;
    }

    @Override
    public List<PhaseRecorder> all() {
        return service == null ? List.of(rtt, total, error) : List.of(rtt, total, error, service);
    }
}
