package dev.bulkfetch.crawl;

import dev.bulkfetch.crawl.robots.RobotsVerdicts;
import dev.bulkfetch.loop.TargetExecutor;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.http.FetchOptions;
import dev.bulkfetch.http.HttpEngine;
import dev.bulkfetch.http.HttpUrl;
import dev.bulkfetch.http.RedirectHop;
import dev.bulkfetch.http.HttpFetchResult;
import dev.bulkfetch.crawl.robots.RobotsRules;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.io.RetriedAttempt;
import dev.bulkfetch.metrics.HttpPhaseRecorders;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The HTTP step of a crawl, the crawl layer as the run sees it: like the plain HTTP step, but every valid target first waits its turn in
 * the {@link CrawlScheduler} (per-host lines, host delay, per-address cap, robots.txt), and a transient
 * failure comes back for another attempt after its back-off ({@link RetryPolicy}). A 429 or 503 with
 * Retry-After, and failures in a row, make the whole host rest. Only a target's last attempt is
 * recorded in the phase histograms; its record lists the attempts before it.
 */
public final class CrawlFetches implements TargetExecutor<HttpTarget, HttpResult>, CrawlScheduler.Hooks {
    private final HttpEngine engine;
    private final HttpPhaseRecorders recorders;
    private final CrawlPolicy policy;
    /** whether the run was cancelled: no retry is started then */
    private final BooleanSupplier cancelled;
    private final CrawlScheduler scheduler;
    private final RetryPolicy retries;
    /** targets in back-off before their next attempt */
    private final Set<CrawlJob> sleeping = Collections.newSetFromMap(new IdentityHashMap<>());
    private final FetchOptions options;

    public CrawlFetches(HttpEngine engine, HttpPhaseRecorders recorders, CrawlPolicy policy, BooleanSupplier cancelled) {
        this.engine = engine;
        this.recorders = recorders;
        this.policy = policy;
        this.cancelled = cancelled;
        this.scheduler = new CrawlScheduler(engine.loop(), policy, this);
        this.retries = new RetryPolicy(policy, new SplittableRandom());
        this.options = engine.defaultOptions();
    }

    @Override
    public void start(HttpTarget target, long lagNanos, Consumer<HttpResult> done) {
        if (target.url() == null) {
            done.accept(new HttpResult(target, null, policy.retries() > 0 ? java.util.List.of() : null, 0));
            return;
        }
        scheduler.submit(CrawlJob.fetch(target, lagNanos, done));
    }

    @Override
    public void windDown() {
        cancel();
    }

    /** On the loop: targets waiting for their turn or in back-off end now as CANCELLED. */
    public void cancel() {
        scheduler.cancel();
        BulkError error = BulkError.of(ErrorKind.CANCELLED, "run stopped before this target was retried");
        for (CrawlJob job : new ArrayList<>(sleeping)) {
            sleeping.remove(job);
            dropped(job, error);
        }
    }

    @Override
    public void start(CrawlHost host, CrawlJob job) {
        if (job.isRobots()) {
            engine.fetch(job.robotsUrl, RobotsVerdicts.ROBOTS_FETCH, r -> robotsFetched(host, r));
            return;
        }
        job.current = host;
        if (job.hop != null) {
            RedirectHop hop = job.hop;
            job.hop = null;
            hop.proceed();
        } else {
            engine.fetch(job.url(), options.withGate((next, hop) -> redirected(job, next, hop)),
                    r -> fetched(job, r));
        }
    }

    /**
     * A hop of a redirect chain goes where any request to its host goes: into that host's line, first,
     * with the host's delay, caps and robots.txt. The host it leaves has its request ended and rests.
     */
    private void redirected(CrawlJob job, HttpUrl next, RedirectHop hop) {
        CrawlHost left = job.current;
        job.current = null;
        job.hop = hop;
        job.hopUrl = next;
        scheduler.ended(left, 0);
        scheduler.resume(job);
    }

    @Override
    public void resolve(CrawlHost host) {
        CrawlJob first = host.queue.peekFirst();
        engine.resolve(first.url(), (address, error) -> scheduler.resolved(host, address, error));
    }

    @Override
    public void disallowed(CrawlJob job, RobotsRules rules) {
        RobotsRules.Verdict v = rules.verdict(job.url().target());
        String why = v.rule() != null ? "disallowed by robots.txt rule \"" + v.rule() + "\"" : rules.describe();
        dropped(job, BulkError.of(ErrorKind.ROBOTS_DISALLOWED, why));
    }

    @Override
    public void dropped(CrawlJob job, BulkError error) {
        if (job.hop != null) {
            // the engine holds the fetch and its redirect chain: it ends it, and fetched() records it
            RedirectHop hop = job.hop;
            job.hop = null;
            hop.refuse(error);
            return;
        }
        HttpFetchResult none = HttpFetchResult.failed(job.target.url(), error);
        job.done.accept(new HttpResult(job.target, none, retriedList(job), job.failures()));
    }

    private void robotsFetched(CrawlHost host, HttpFetchResult r) {
        scheduler.robotsRead(host, RobotsVerdicts.rules(r, policy.productToken()));
        scheduler.ended(host, hostRest(host, r));
    }

    private void fetched(CrawlJob job, HttpFetchResult r) {
        CrawlHost host = job.current;
        job.current = null;
        // null when the fetch ended while a redirect hop waited in a host's line (at its deadline): the
        // hop's place in that line is left to be skipped, and the target is not tried again
        long rest = host == null ? 0 : hostRest(host, r);
        if (host != null && RetryPolicy.isTransient(r) && job.failures() < policy.retries()
                && !cancelled.getAsBoolean()) {
            job.hop = null;
            job.hopUrl = null; // the next attempt starts over from the target's own URL
            long wait = retries.backoffNanos(job.failures() + 1, r.retryAfter());
            job.failedOnce(new RetriedAttempt(r.status(), r.error(), TimeUnit.NANOSECONDS.toMillis(wait)));
            sleeping.add(job);
            engine.loop().schedule(() -> {
                if (sleeping.remove(job)) {
                    scheduler.resume(job);
                }
            }, wait, TimeUnit.NANOSECONDS);
            endedOn(host, rest);
            return;
        }
        endedOn(host, rest);
        job.finished = true;
        if (r.error() == null || r.error().kind() != ErrorKind.CANCELLED) {
            recorders.record(r.timings(), r.status(), r.error() != null, job.lagNanos);
        }
        job.done.accept(new HttpResult(job.target, r, retriedList(job), job.failures() + 1));
    }

    private void endedOn(CrawlHost host, long rest) {
        if (host != null) {
            scheduler.ended(host, rest);
        }
    }

    /** Updates the host's run of failures and returns how long it must rest beyond its delay. */
    private long hostRest(CrawlHost host, HttpFetchResult r) {
        if (RetryPolicy.isTransient(r)) {
            host.failureStreak++;
        } else if (r.error() == null) {
            host.failureStreak = 0;
        }
        return retries.hostRestNanos(host.failureStreak, r.retryAfter());
    }

    private java.util.List<RetriedAttempt> retriedList(CrawlJob job) {
        if (job.retried != null) {
            return java.util.List.copyOf(job.retried);
        }
        return policy.retries() > 0 ? java.util.List.of() : null;
    }
}
