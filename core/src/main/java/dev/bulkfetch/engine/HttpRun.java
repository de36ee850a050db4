package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.http.HostsFile;
import dev.bulkfetch.http.HttpEngine;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.metrics.HttpPhaseRecorders;
import dev.bulkfetch.metrics.OutcomeCounts;
import dev.bulkfetch.metrics.PhaseRecorder;
import io.netty.channel.EventLoopGroup;
import org.HdrHistogram.Histogram;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A whole {@code http} run: one event loop carrying the DNS engine (for host names) and the HTTP
 * engine, and a {@link BulkRun} from targets to the sink.
 */
public final class HttpRun {
    private HttpRun() {
    }

    /**
     * @param dns   resolvers for host names, or null to accept only IP literals and /etc/hosts names
     * @param hosts the /etc/hosts table (read by the caller, off the loop)
     */
    public static HttpRunReport run(HttpEngineConfig http, DnsEngineConfig dns, HostsFile hosts, RunLimits limits,
                                    Iterator<HttpTarget> targets, ResultSink<HttpResult> sink,
                                    Consumer<Progress> progress) {
        EventLoopGroup group = http.transport().newGroup(1, "bulkfetch-loop");
        DnsEngine dnsEngine = null;
        HttpEngine engine = null;
        try {
            dnsEngine = dns == null ? null : DnsEngine.start(dns, group.next());
            engine = HttpEngine.start(http, group.next(), dnsEngine, hosts);
            HttpPhaseRecorders recorders = new HttpPhaseRecorders();
            OutcomeCounts outcomes = new OutcomeCounts();
            RunOutcome outcome = RunDriver.drive(engine.loop(), limits, targets, new HttpFetches(engine, recorders),
                    sink, outcomes, HttpResult::error, r -> (r.fetch().status() / 100) + "xx", recorders.total(), progress);
            Map<String, Histogram> phases = new LinkedHashMap<>();
            for (PhaseRecorder r : recorders.all()) {
                phases.put(r.name(), r.cumulative());
            }
            return new HttpRunReport(outcome, outcomes, phases);
        } finally {
            if (engine != null) {
                engine.close();
            }
            if (dnsEngine != null) {
                dnsEngine.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
