package dev.bulkfetch.engine;

import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.dns.DnsRcode;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.metrics.DnsPhaseRecorders;
import io.netty.channel.EventLoopGroup;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * A whole {@code dns} or {@code rdns} run: one event loop, the DNS engine on it, and a
 * {@link BulkRun} from targets to the sink.
 */
public final class DnsSweep {
    private DnsSweep() {
    }

    /**
     * Runs every target to its result.
     *
     * @param listener sees progress and latency intervals on the writer thread
     */
    public static DnsSweepReport run(DnsEngineConfig config, RunLimits limits, Iterator<DnsTarget> targets,
                                     ResultSink<DnsResult> sink, RunListener listener) {
        return run(config, limits, targets, sink, listener, RunControl.none());
    }

    /**
     * @param control cancels the run from outside (a signal): queries in flight get its grace, the
     *                rest end as CANCELLED
     */
    public static DnsSweepReport run(DnsEngineConfig config, RunLimits limits, Iterator<DnsTarget> targets,
                                     ResultSink<DnsResult> sink, RunListener listener, RunControl control) {
        EventLoopGroup group = config.transport().newGroup(1, "bulkfetch-loop");
        try {
            DnsEngine engine = DnsEngine.start(config, group.next());
            try {
                DnsPhaseRecorders phases = new DnsPhaseRecorders(limits.ratePerSecond() > 0);
                RunListener watched = ResolverSilenceWatch.around(listener, engine::stats, config.resolvers());
                RunDriver.Finished f = RunDriver.drive(engine.loop(), limits, targets, new DnsLookups(engine, phases),
                        sink, DnsResult::error, r -> DnsRcode.name(r.answer().rcode()), phases, watched, control,
                        engine::close);
                return new DnsSweepReport(f.outcome(), f.outcomes(), f.phases(), engine.stats());
            } finally {
                engine.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
