package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.dns.DnsRcode;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.metrics.DnsPhaseRecorders;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.TimeUnit;

/**
 * A whole {@code dns} or {@code rdns} run: one event loop, the DNS engine on it, and a
 * {@link TargetPipeline} from targets to the sink.
 */
public final class DnsSweep {
    private DnsSweep() {
    }

    private static final OutcomeLabels<DnsResult> LABELS =
            new OutcomeLabels<>(DnsResult::error, r -> DnsRcode.name(r.answer().rcode()));

    /**
     * Runs every target to its result. The spec's control cancels the run from outside (a signal):
     * queries in flight get its grace, the rest end as CANCELLED.
     */
    public static DnsSweepReport run(RunSpec<DnsEngineConfig, DnsTarget, DnsResult> spec) {
        DnsEngineConfig config = spec.engines();
        EventLoopGroup group = config.transport().newGroup(1, "bulkfetch-loop");
        try {
            DnsEngine engine = DnsEngine.start(config, group.next());
            try {
                DnsPhaseRecorders phases = new DnsPhaseRecorders(spec.limits().ratePerSecond() > 0);
                RunSpec<DnsEngineConfig, DnsTarget, DnsResult> watched = spec.withListener(
                        ResolverSilenceWatch.around(spec.listener(), engine::stats, config.resolvers()));
                RunMonitor.Finished f = RunMonitor.run(engine.loop(), watched, new DnsLookups(engine, phases), LABELS,
                        phases, engine::close);
                return new DnsSweepReport(f.outcome(), f.outcomes(), f.phases(), engine.stats());
            } finally {
                engine.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
