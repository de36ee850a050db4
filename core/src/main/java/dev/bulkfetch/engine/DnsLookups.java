package dev.bulkfetch.engine;

import dev.bulkfetch.loop.TargetExecutor;
import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.metrics.DnsPhaseRecorders;

import java.util.function.Consumer;

/**
 * The DNS step of a {@code dns}/{@code rdns} run: an invalid target becomes its error result at once,
 * a valid one goes to the {@link DnsEngine}; latencies are recorded on the loop as lookups finish.
 */
public final class DnsLookups implements TargetExecutor<DnsTarget, DnsResult> {
    private final DnsEngine engine;
    private final DnsPhaseRecorders phases;

    public DnsLookups(DnsEngine engine, DnsPhaseRecorders phases) {
        this.engine = engine;
        this.phases = phases;
    }

    @Override
    public void start(DnsTarget target, long lagNanos, Consumer<DnsResult> done) {
        if (target.question() == null) {
            done.accept(new DnsResult(target, null));
            return;
        }
        engine.query(target.question(), answer -> {
            // a cancelled target was cut short, not measured
            if (answer.error() == null || answer.error().kind() != ErrorKind.CANCELLED) {
                phases.record(answer.rttNanos(), answer.elapsedNanos(), answer.error() == null, lagNanos);
            }
            done.accept(new DnsResult(target, answer));
        });
    }
}
