package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.dns.DnsRcode;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.metrics.OutcomeCounts;
import dev.bulkfetch.metrics.PhaseRecorder;
import io.netty.channel.EventLoopGroup;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
     * @param progress called on the writer thread about once a second with a live view of the run
     */
    public static DnsSweepReport run(DnsEngineConfig config, RunLimits limits, Iterator<DnsTarget> targets,
                                     ResultSink<DnsResult> sink, Consumer<Progress> progress) {
        EventLoopGroup group = config.transport().newGroup(1, "bulkfetch-loop");
        try {
            DnsEngine engine = DnsEngine.start(config, group.next());
            try {
                PhaseRecorder rtt = new PhaseRecorder("rtt");
                OutcomeCounts outcomes = new OutcomeCounts();
                RunOutcome outcome = RunDriver.drive(engine.loop(), limits, targets, new DnsLookups(engine, rtt), sink,
                        outcomes, DnsResult::error, r -> DnsRcode.name(r.answer().rcode()), rtt, progress);
                return new DnsSweepReport(outcome, outcomes, rtt.cumulative(), engine.stats());
            } finally {
                engine.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
