package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.metrics.PhaseRecorder;

import java.util.function.Consumer;

/**
 * The DNS step of a {@code dns}/{@code rdns} run: an invalid target becomes its error result at once,
 * a valid one goes to the {@link DnsEngine}; round trips are recorded on the loop as they finish.
 */
public final class DnsLookups implements TargetExecutor<DnsTarget, DnsResult> {
    private final DnsEngine engine;
    private final PhaseRecorder rtt;

    public DnsLookups(DnsEngine engine, PhaseRecorder rtt) {
        this.engine = engine;
        this.rtt = rtt;
    }

    @Override
    public void start(DnsTarget target, Consumer<DnsResult> done) {
        if (target.question() == null) {
            done.accept(new DnsResult(target, null));
            return;
        }
        engine.query(target.question(), answer -> {
            if (answer.rttNanos() >= 0) {
                rtt.recordNanos(answer.rttNanos());
            }
            done.accept(new DnsResult(target, answer));
        });
    }
}
