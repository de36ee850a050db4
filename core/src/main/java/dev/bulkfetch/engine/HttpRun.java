package dev.bulkfetch.engine;

import dev.bulkfetch.crawl.CrawlFetches;
import dev.bulkfetch.crawl.CrawlPolicy;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.loop.TargetExecutor;
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
    /**
     * Results waiting for the writer at most when exchanges are captured: each holds its response's bytes until
     * the writer archives them, so a writer slower than the loop (compression, a slow disk) must hold the loop
     * back after a few of them, not after the default backlog's tens of thousands.
     */
    static final int CAPTURE_BACKLOG = 1024;

    /** Outcome names by the first digit of the status ("0xx" when there was none), built once, not per result. */
    private static final String[] STATUS_CLASSES = {"0xx", "1xx", "2xx", "3xx", "4xx", "5xx", "6xx", "7xx", "8xx", "9xx"};

    private HttpRun() {
    }

    static String statusClass(HttpResult r) {
        int c = r.fetch().status() / 100;
        return c >= 0 && c < STATUS_CLASSES.length ? STATUS_CLASSES[c] : c + "xx";
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
        return run(http, dns, hosts, limits, null, targets, sink, listener, control);
    }

    /**
     * @param crawl the crawl layer's manners (per-host lines, delays, robots.txt, retries), or null (or a
     *              policy that is not {@link CrawlPolicy#active() active}) to start targets as they come;
     *              with it, {@code limits.concurrency()} is ignored in favour of the policy's lookahead and
     *              concurrency
     */
    public static HttpRunReport run(HttpEngineConfig http, DnsEngineConfig dns, HostsFile hosts, RunLimits limits,
                                    CrawlPolicy crawl, Iterator<HttpTarget> targets, ResultSink<HttpResult> sink,
                                    RunListener listener, RunControl control) {
        EventLoopGroup group = http.transport().newGroup(1, "bulkfetch-loop");
        DnsEngine dnsEngine = null;
        HttpEngine engine = null;
        try {
            dnsEngine = dns == null ? null : DnsEngine.start(dns, group.next());
            engine = HttpEngine.start(http, group.next(), dnsEngine, hosts);
            HttpPhaseRecorders recorders = new HttpPhaseRecorders(limits.ratePerSecond() > 0);
            HttpEngine running = engine;
            TargetExecutor<HttpTarget, HttpResult> executor = new HttpFetches(engine, recorders);
            Runnable abort = running::close;
            if (crawl != null && crawl.active()) {
                CrawlFetches crawler = new CrawlFetches(engine, recorders, crawl, control::cancelled);
                executor = crawler;
                // the targets held are those waiting for their host as well as those under way
                limits = new RunLimits(crawl.lookahead(), limits.ratePerSecond(), limits.resultBacklog());
                abort = () -> {
                    crawler.cancel();
                    running.close();
                };
            }
            if (http.captureWire()) {
                limits = limits.withResultBacklog(Math.min(limits.resultBacklog(), CAPTURE_BACKLOG));
            }
            if (dnsEngine != null) {
                listener = ResolverSilenceWatch.around(listener, dnsEngine::stats, dns.resolvers());
            }
            RunDriver.Finished f = RunDriver.drive(engine.loop(), limits, targets, executor,
                    sink, HttpResult::error, HttpRun::statusClass, recorders, listener, control,
                    abort);
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
