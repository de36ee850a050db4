package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.http.HostsFile;
import dev.bulkfetch.http.HttpEngine;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.metrics.HttpPhaseRecorders;
import io.netty.channel.EventLoopGroup;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

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
                                    RunListener listener) {
        return run(http, dns, hosts, limits, targets, sink, listener, RunControl.none());
    }

    /**
     * @param control cancels the run from outside (a signal): in-flight fetches get its grace, the
     *                rest end as CANCELLED
     */
    public static HttpRunReport run(HttpEngineConfig http, DnsEngineConfig dns, HostsFile hosts, RunLimits limits,
                                    Iterator<HttpTarget> targets, ResultSink<HttpResult> sink,
                                    RunListener listener, RunControl control) {
        EventLoopGroup group = http.transport().newGroup(1, "bulkfetch-loop");
        DnsEngine dnsEngine = null;
        HttpEngine engine = null;
        try {
            dnsEngine = dns == null ? null : DnsEngine.start(dns, group.next());
            engine = HttpEngine.start(http, group.next(), dnsEngine, hosts);
            HttpPhaseRecorders recorders = new HttpPhaseRecorders(limits.ratePerSecond() > 0);
            HttpEngine running = engine;
            RunDriver.Finished f = RunDriver.drive(engine.loop(), limits, targets, new HttpFetches(engine, recorders),
                    sink, HttpResult::error, r -> (r.fetch().status() / 100) + "xx", recorders, listener, control,
                    running::close);
            return new HttpRunReport(f.outcome(), f.outcomes(), f.phases());
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
