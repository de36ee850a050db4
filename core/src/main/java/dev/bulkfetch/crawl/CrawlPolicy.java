package dev.bulkfetch.crawl;

import java.time.Duration;

/**
 * The manners of a crawl: how hard one host and one address may be asked, how long to wait between
 * requests, whether robots.txt is obeyed and how failures are retried. Immutable; made with
 * {@link #builder()}. A run with the {@link #builder() defaults} needs no crawl layer at all.
 *
 * @param concurrency   fetches under way at once, over all hosts
 * @param perHost       fetches under way at once to one host (scheme, host, port) when there is no host delay
 * @param perIp         fetches under way at once to one address, over all its host names; 0 for no limit
 * @param hostDelay     after a request to a host ends, the next one to it starts no sooner than this; with
 *                      a delay, requests to a host go one at a time
 * @param maxHostDelay  the longest wait a server can impose (Retry-After, Crawl-delay, back-off)
 * @param lookahead     targets held at once, waiting for their host or under way: how far ahead of the
 *                      slowest host the input is read
 * @param robots        obey robots.txt (RFC 9309)
 * @param productToken  the name robots.txt groups are matched against
 * @param retries       transient failures retried at most this often per target
 * @param retryDelay    the first retry's back-off; each further one doubles it, with jitter
 */
public record CrawlPolicy(int concurrency, int perHost, int perIp, Duration hostDelay, Duration maxHostDelay,
                          int lookahead, boolean robots, String productToken, int retries, Duration retryDelay) {

    public CrawlPolicy {
        require(concurrency >= 1, "concurrency must be at least 1");
        require(perHost >= 1, "per-host must be at least 1");
        require(perIp >= 0, "per-ip must be 0 (no limit) or positive");
        require(nonNegative(hostDelay) && nonNegative(maxHostDelay) && nonNegative(retryDelay),
                "delays must not be negative");
        require(hostDelay.compareTo(maxHostDelay) <= 0, "host delay must not be longer than the max host delay");
        require(lookahead >= 1, "lookahead must be at least 1");
        require(productToken != null && !productToken.isBlank(), "a product token is needed for robots.txt");
        require(retries >= 0 && retries <= 100, "retries must be 0..100");
    }

    private static boolean nonNegative(Duration d) {
        return d != null && !d.isNegative();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Whether any setting asks for the crawl layer (per-host queues, delays, robots, retries). */
    public boolean active() {
        return perIp > 0 || !hostDelay.isZero() || robots || retries > 0 || lookahead != Builder.DEFAULT_LOOKAHEAD
                || !maxHostDelay.equals(Builder.DEFAULT_MAX_HOST_DELAY);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CrawlPolicy}; defaults are those of the {@code http} command. */
    public static final class Builder {
        static final int DEFAULT_LOOKAHEAD = 100_000;
        static final Duration DEFAULT_MAX_HOST_DELAY = Duration.ofSeconds(30);

        private int concurrency = 1000;
        private int perHost = 6;
        private int perIp;
        private Duration hostDelay = Duration.ZERO;
        private Duration maxHostDelay = DEFAULT_MAX_HOST_DELAY;
        private int lookahead = DEFAULT_LOOKAHEAD;
        private boolean robots;
        private String productToken = "bulkfetch";
        private int retries;
        private Duration retryDelay = Duration.ofSeconds(1);

        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        public Builder perHost(int n) {
            this.perHost = n;
            return this;
        }

        public Builder perIp(int n) {
            this.perIp = n;
            return this;
        }

        public Builder hostDelay(Duration d) {
            this.hostDelay = d;
            return this;
        }

        public Builder maxHostDelay(Duration d) {
            this.maxHostDelay = d;
            return this;
        }

        public Builder lookahead(int n) {
            this.lookahead = n;
            return this;
        }

        public Builder robots(boolean on) {
            this.robots = on;
            return this;
        }

        public Builder productToken(String token) {
            this.productToken = token;
            return this;
        }

        public Builder retries(int n) {
            this.retries = n;
            return this;
        }

        public Builder retryDelay(Duration d) {
            this.retryDelay = d;
            return this;
        }

        public CrawlPolicy build() {
            return new CrawlPolicy(concurrency, perHost, perIp, hostDelay, maxHostDelay, lookahead, robots,
                    productToken, retries, retryDelay);
        }
    }
}
