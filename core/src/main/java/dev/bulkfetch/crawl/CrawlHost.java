package dev.bulkfetch.crawl;

import dev.bulkfetch.crawl.robots.RobotsRules;

import java.net.InetAddress;
import java.util.ArrayDeque;

/**
 * What the crawl layer knows of one host (scheme, host, port): its line of waiting targets, what is
 * under way, when it may be asked next, its address (for the per-address cap) and its robots.txt.
 * Loop-confined.
 */
final class CrawlHost {
    final String origin;
    final ArrayDeque<CrawlJob> queue = new ArrayDeque<>();
    int active;
    /** no start before this (nanoTime): host delay, Retry-After, back-off */
    long nextStartNanos = System.nanoTime();
    /** the wait after each request: the host delay, or a longer Crawl-delay */
    long delayNanos;
    /** transient failures in a row: each doubles the wait before the next request */
    int failureStreak;

    InetAddress address;
    boolean resolving;

    /** null until this host's robots.txt was read (or robots are not obeyed: then never consulted) */
    RobotsRules robots;
    boolean robotsAsked;

    /** listed in the scheduler's ready line */
    boolean ready;
    /** a wake-up is scheduled for this time (nanoTime), or Long.MIN_VALUE */
    long wakeAt = Long.MIN_VALUE;

    CrawlHost(String origin, long delayNanos) {
        this.origin = origin;
        this.delayNanos = delayNanos;
    }
}
