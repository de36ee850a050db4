package dev.bulkfetch.engine;

import dev.bulkfetch.crawl.CrawlFetches;
import dev.bulkfetch.loop.TargetExecutor;
import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.http.HttpEngine;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.metrics.HttpPhaseRecorders;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.http.PipeliningStats;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole {@code http} run: an event loop carrying the DNS engine (for host names) and the HTTP
 * engine (or several such loops, see {@link HttpEngines#loops()}), and a {@link TargetPipeline} from
 * targets to the sink on the first of them.
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

    private static final OutcomeLabels<HttpResult> LABELS = new OutcomeLabels<>(HttpResult::error, HttpRun::statusClass);

    /**
     * Runs every target to its result. The spec's control cancels the run from outside (a signal):
     * fetches in flight get its grace, the rest end as CANCELLED.
     */
    public static HttpRunReport run(RunSpec<HttpEngines, HttpTarget, HttpResult> spec) {
        HttpEngines engines = spec.engines();
        EventLoopGroup group = engines.http().transport().newGroup(engines.loops(), "bulkfetch-loop");
        List<DnsEngine> dnsEngines = new ArrayList<>();
        List<HttpEngine> httpEngines = new ArrayList<>();
        try {
            for (EventExecutor e : group) {
                EventLoop loop = (EventLoop) e;
                DnsEngine dns = engines.dns() == null ? null : DnsEngine.start(engines.dns(), loop);
                if (dns != null) {
                    dnsEngines.add(dns);
                }
                HttpEngineConfig config = engines.http().share(engines.loops(), httpEngines.size());
                httpEngines.add(HttpEngine.start(config, loop, dns, engines.hosts()));
            }
            HttpEngine engine = httpEngines.get(0); // the home loop: admission, the crawl layer, results
            DnsEngine dnsEngine = dnsEngines.isEmpty() ? null : dnsEngines.get(0);
            HttpPhaseRecorders recorders = new HttpPhaseRecorders(spec.limits().ratePerSecond() > 0);
            TargetExecutor<HttpTarget, HttpResult> executor = new HttpFetches(httpEngines, recorders);
            Runnable closeEngines = () -> httpEngines.forEach(HttpEngine::close);
            Runnable abort = closeEngines;
            RunLimits limits = spec.limits();
            if (engines.crawling()) {
                CrawlFetches crawler = new CrawlFetches(engine, recorders, engines.crawl(), spec.control()::cancelled);
                executor = crawler;
                // the targets held are those waiting for their host as well as those under way
                limits = new RunLimits(engines.crawl().lookahead(), limits.ratePerSecond(), limits.resultBacklog());
                abort = () -> {
                    crawler.cancel();
                    closeEngines.run();
                };
            }
            if (engines.http().captureWire()) {
                limits = limits.withResultBacklog(Math.min(limits.resultBacklog(), CAPTURE_BACKLOG));
            }
            RunSpec<HttpEngines, HttpTarget, HttpResult> run = spec.withLimits(limits);
            if (dnsEngine != null) {
                // the first loop's resolver traffic stands for all of it: targets go to the loops in turn
                run = run.withListener(ResolverSilenceWatch.around(spec.listener(), dnsEngine::stats,
                        engines.dns().resolvers()));
            }
            RunMonitor.Finished f = RunMonitor.run(engine.loop(), run, executor, LABELS, recorders, abort);
            PipeliningStats pipelining = PipeliningStats.NONE;
            for (HttpEngine e : httpEngines) {
                pipelining = pipelining.plus(e.pipelining());
            }
            return new HttpRunReport(f.outcome(), f.outcomes(), f.phases(), pipelining);
        } finally {
            httpEngines.forEach(HttpEngine::close);
            dnsEngines.forEach(DnsEngine::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
