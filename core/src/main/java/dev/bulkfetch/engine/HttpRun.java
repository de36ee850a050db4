package dev.bulkfetch.engine;

import dev.bulkfetch.crawl.CrawlFetches;
import dev.bulkfetch.loop.TargetExecutor;
import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.http.HttpEngine;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.metrics.HttpPhaseRecorders;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.TimeUnit;

/**
 * A whole {@code http} run: one event loop carrying the DNS engine (for host names) and the HTTP
 * engine, and a {@link TargetPipeline} from targets to the sink.
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
        EventLoopGroup group = engines.http().transport().newGroup(1, "bulkfetch-loop");
        DnsEngine dnsEngine = null;
        HttpEngine engine = null;
        try {
            dnsEngine = engines.dns() == null ? null : DnsEngine.start(engines.dns(), group.next());
            engine = HttpEngine.start(engines.http(), group.next(), dnsEngine, engines.hosts());
            HttpPhaseRecorders recorders = new HttpPhaseRecorders(spec.limits().ratePerSecond() > 0);
            HttpEngine running = engine;
            TargetExecutor<HttpTarget, HttpResult> executor = new HttpFetches(engine, recorders);
            Runnable abort = running::close;
            RunLimits limits = spec.limits();
            if (engines.crawling()) {
                CrawlFetches crawler = new CrawlFetches(engine, recorders, engines.crawl(), spec.control()::cancelled);
                executor = crawler;
                // the targets held are those waiting for their host as well as those under way
                limits = new RunLimits(engines.crawl().lookahead(), limits.ratePerSecond(), limits.resultBacklog());
                abort = () -> {
                    crawler.cancel();
                    running.close();
                };
            }
            if (engines.http().captureWire()) {
                limits = limits.withResultBacklog(Math.min(limits.resultBacklog(), CAPTURE_BACKLOG));
            }
            RunSpec<HttpEngines, HttpTarget, HttpResult> run = spec.withLimits(limits);
            if (dnsEngine != null) {
                run = run.withListener(ResolverSilenceWatch.around(spec.listener(), dnsEngine::stats,
                        engines.dns().resolvers()));
            }
            RunMonitor.Finished f = RunMonitor.run(engine.loop(), run, executor, LABELS, recorders, abort);
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
