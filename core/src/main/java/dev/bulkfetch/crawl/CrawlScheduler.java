package dev.bulkfetch.crawl;

import dev.bulkfetch.crawl.robots.RobotsCache;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.http.HttpUrl;
import dev.bulkfetch.crawl.robots.RobotsRules;
import io.netty.channel.EventLoop;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decides which waiting target starts next, so that many hosts are crawled at once and none is asked
 * too often: targets wait in one line per host; hosts that may start a request now take turns in a
 * ready line (one start per turn, so a host with ten thousand targets cannot starve the others); a
 * host waiting on time has one wake-up scheduled on the loop; a host waiting on its address's cap
 * waits in that address's line. Gates, in order: the host's address is known (with a per-address
 * cap), its robots.txt is read (with {@code --robots}), its next start is due, it has room under its
 * own cap, its address has room, and the run has room under the global cap.
 *
 * <p>Memory stays bounded whatever the input order: a host is forgotten once it is idle (nothing
 * waiting, nothing under way) and its rest is over, so only hosts with targets in the lookahead, or
 * resting, are held. Their robots.txt rules outlive them in a bounded cache, so a host that comes
 * back later is not asked for its robots.txt again while it is remembered.
 *
 * <p>Loop-confined. The {@link Hooks} carry out what it decides; their callbacks come back through
 * {@link #ended}, {@link #resolved} and {@link #robotsRead}.
 */
final class CrawlScheduler {

    /** What the scheduler asks of the layer around it. */
    interface Hooks {
        /** Sends the job's request; {@link #ended} follows exactly once. */
        void start(CrawlHost host, CrawlJob job);

        /** Looks the host's address up; {@link #resolved} follows exactly once. */
        void resolve(CrawlHost host);

        /** Ends a target the host's robots.txt forbids, without a request. */
        void disallowed(CrawlJob job, RobotsRules rules);

        /** Ends a waiting target without a request (its host has no address, the run was cancelled). */
        void dropped(CrawlJob job, BulkError error);
    }

    private enum Step { STARTED, IDLE, WAIT_TIME, WAIT_HOST, WAIT_ADDRESS, WAIT_OTHER }

    private final EventLoop loop;
    private final CrawlPolicy policy;
    private final Hooks hooks;
    private final long hostDelayNanos;
    private final Map<String, CrawlHost> hosts = new HashMap<>();
    private final ArrayDeque<CrawlHost> ready = new ArrayDeque<>();
    private final Map<InetAddress, Integer> activeByAddress = new HashMap<>();
    private final Map<InetAddress, ArrayDeque<CrawlHost>> waitingForAddress = new HashMap<>();
    private final RobotsCache robotsCache;
    private int active;
    private int waiting;
    private boolean pumping;
    private boolean cancelled;

    CrawlScheduler(EventLoop loop, CrawlPolicy policy, Hooks hooks) {
        this.loop = loop;
        this.policy = policy;
        this.hooks = hooks;
        this.hostDelayNanos = policy.hostDelay().toNanos();
        this.robotsCache = new RobotsCache(ROBOTS_CACHE_HOSTS, ROBOTS_CACHE_BYTES);
    }

    /** Hosts whose robots.txt rules are remembered after the host itself was forgotten, at most. */
    static final int ROBOTS_CACHE_HOSTS = 100_000;
    /** The heap those rules may take, roughly. */
    static final long ROBOTS_CACHE_BYTES = 64L << 20;

    /** A new target: into its host's line. */
    void submit(CrawlJob job) {
        if (cancelled) {
            hooks.dropped(job, cancelledError());
            return;
        }
        CrawlHost host = hostFor(job.url());
        host.queue.addLast(job);
        waiting++;
        wake(host);
    }

    /**
     * A target back for another attempt after its back-off, or a redirect hop: first in its host's line,
     * as it was admitted long ago.
     */
    void resume(CrawlJob job) {
        if (cancelled) {
            hooks.dropped(job, cancelledError());
            return;
        }
        CrawlHost host = hostFor(job.url());
        CrawlJob robots = host.queue.peekFirst();
        if (robots != null && robots.isRobots()) {
            // the host's robots.txt still goes first: it decides whether this one may go at all
            host.queue.pollFirst();
            host.queue.addFirst(job);
            host.queue.addFirst(robots);
        } else {
            host.queue.addFirst(job);
        }
        waiting++;
        wake(host);
    }

    /** The host a URL belongs to; a new one asks for its robots.txt first (unless its rules are cached). */
    private CrawlHost hostFor(HttpUrl url) {
        CrawlHost host = hosts.get(url.origin());
        if (host == null) {
            host = new CrawlHost(url.origin(), hostDelayNanos);
            hosts.put(host.origin, host);
            RobotsRules known = policy.robots() ? robotsCache.get(host.origin) : null;
            if (known != null) {
                obey(host, known);
            } else if (policy.robots()) {
                host.queue.addLast(CrawlJob.robots(url.resolve("/robots.txt")));
                waiting++;
            }
        }
        return host;
    }

    /**
     * A started request ended.
     *
     * @param holdNanos how long the host must rest beyond its delay (Retry-After, back-off); 0 for none
     */
    void ended(CrawlHost host, long holdNanos) {
        host.active--;
        active--;
        long now = System.nanoTime();
        long rest = Math.max(host.delayNanos, holdNanos);
        if (rest > 0) {
            host.nextStartNanos = Math.max(host.nextStartNanos, now + rest);
        }
        if (host.address != null && policy.perIp() > 0) {
            activeByAddress.merge(host.address, -1, Integer::sum);
            ArrayDeque<CrawlHost> line = waitingForAddress.remove(host.address);
            if (line != null) {
                for (CrawlHost h : line) {
                    markReady(h);
                }
            }
        }
        wake(host);
    }

    /** The host's address lookup ended: with an error, its waiting targets end with that error. */
    void resolved(CrawlHost host, InetAddress address, BulkError error) {
        host.resolving = false;
        host.address = address;
        if (address == null) {
            // the next target of this host asks again: a lookup that timed out may well succeed later
            dropAll(host, error);
        }
        wake(host);
    }

    /** The host's robots.txt was read (or found missing or unreachable, which are rules too). */
    void robotsRead(CrawlHost host, RobotsRules rules) {
        robotsCache.put(host.origin, rules);
        obey(host, rules);
    }

    private void obey(CrawlHost host, RobotsRules rules) {
        host.robots = rules;
        java.time.Duration crawlDelay = rules.crawlDelay();
        if (crawlDelay != null) {
            long capped = Math.min(crawlDelay.toNanos(), policy.maxHostDelay().toNanos());
            host.delayNanos = Math.max(host.delayNanos, capped);
        }
    }

    /** The run is stopping: every waiting target ends now, nothing new starts. */
    void cancel() {
        cancelled = true;
        for (CrawlHost host : new ArrayList<>(hosts.values())) {
            dropAll(host, cancelledError());
        }
    }

    /** Targets waiting in host lines (not under way, not in back-off). */
    int waiting() {
        return waiting;
    }

    int active() {
        return active;
    }

    /** Hosts held now (with targets waiting or under way, or resting). */
    int hostsHeld() {
        return hosts.size();
    }

    private static BulkError cancelledError() {
        return BulkError.of(dev.bulkfetch.error.ErrorKind.CANCELLED, "run stopped before this target was sent");
    }

    private void dropAll(CrawlHost host, BulkError error) {
        List<CrawlJob> jobs = new ArrayList<>(host.queue);
        host.queue.clear();
        waiting -= jobs.size();
        for (CrawlJob job : jobs) {
            if (job.isRobots()) {
                host.robotsAsked = false; // asked again when the host has targets again
            } else {
                hooks.dropped(job, error);
            }
        }
    }

    private void wake(CrawlHost host) {
        markReady(host);
        pump();
    }

    private void markReady(CrawlHost host) {
        if (!host.ready) {
            host.ready = true;
            ready.addLast(host);
        }
    }

    /** Starts what may start now, one request per ready host per turn. */
    private void pump() {
        if (pumping) {
            return; // a hook ended a target synchronously; the loop below carries on
        }
        pumping = true;
        try {
            long now = System.nanoTime();
            CrawlHost host;
            while (active < policy.concurrency() && (host = ready.pollFirst()) != null) {
                host.ready = false;
                switch (step(host, now)) {
                    case STARTED -> {
                        if (!host.queue.isEmpty()) {
                            markReady(host);
                        }
                    }
                    case WAIT_TIME -> scheduleWake(host);
                    case IDLE -> forgetWhenRested(host, now);
                    case WAIT_ADDRESS -> waitingForAddress.computeIfAbsent(host.address, a -> new ArrayDeque<>())
                            .addLast(host);
                    default -> {
                        // WAIT_HOST (an ending request wakes it), WAIT_OTHER (a lookup or robots.txt will)
                    }
                }
                now = System.nanoTime();
            }
        } finally {
            pumping = false;
        }
    }

    private Step step(CrawlHost host, long now) {
        while (true) {
            CrawlJob job = host.queue.peekFirst();
            if (job == null) {
                return Step.IDLE;
            }
            if (policy.perIp() > 0 && host.address == null) {
                if (!host.resolving) {
                    host.resolving = true;
                    hooks.resolve(host);
                }
                return Step.WAIT_OTHER;
            }
            if (!job.isRobots() && policy.robots() && host.robots == null) {
                if (!host.robotsAsked) {
                    // the robots request was dropped with an earlier line of targets: ask again
                    host.queue.addFirst(CrawlJob.robots(job.url().resolve("/robots.txt")));
                    waiting++;
                    continue;
                }
                return Step.WAIT_OTHER;
            }
            if (job.finished) {
                host.queue.pollFirst();
                waiting--;
                continue;
            }
            if (!job.isRobots() && host.robots != null && !host.robots.allows(job.url().target())) {
                host.queue.pollFirst();
                waiting--;
                hooks.disallowed(job, host.robots);
                continue;
            }
            if (now - host.nextStartNanos < 0) {
                return Step.WAIT_TIME;
            }
            if (host.active >= (host.delayNanos > 0 ? 1 : policy.perHost())) {
                return Step.WAIT_HOST;
            }
            if (policy.perIp() > 0 && activeByAddress.getOrDefault(host.address, 0) >= policy.perIp()) {
                return Step.WAIT_ADDRESS;
            }
            host.queue.pollFirst();
            waiting--;
            host.active++;
            active++;
            if (policy.perIp() > 0) {
                activeByAddress.merge(host.address, 1, Integer::sum);
            }
            if (job.isRobots()) {
                host.robotsAsked = true;
            }
            hooks.start(host, job);
            return Step.STARTED;
        }
    }

    /**
     * An idle host is dropped once its rest is over (a new target makes a fresh one, free to start);
     * while it rests it stays, so that its delay holds, and a wake-up comes back to drop it.
     */
    private void forgetWhenRested(CrawlHost host, long now) {
        if (host.active > 0 || host.resolving) {
            return; // an ending request or the lookup's answer wakes it again
        }
        if (now - host.nextStartNanos < 0) {
            scheduleWake(host);
        } else if (hosts.get(host.origin) == host) {
            hosts.remove(host.origin);
        }
    }

    private void scheduleWake(CrawlHost host) {
        long at = host.nextStartNanos;
        if (host.wakeAt != Long.MIN_VALUE && host.wakeAt - at <= 0) {
            return; // an earlier or equal wake-up is already on its way; it looks again
        }
        host.wakeAt = at;
        loop.schedule(() -> {
            if (host.wakeAt == at) {
                host.wakeAt = Long.MIN_VALUE;
            }
            wake(host);
        }, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
