package dev.bulkfetch.crawl;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.http.HttpFetchResult;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Which failures are worth another attempt, and how long to wait first. Only failures that say
 * nothing about the URL itself are transient: the connection timed out or was reset, the server
 * did not start answering in time, it answered 5xx or 429. Other 4xx, certificate errors, invalid
 * input and a body too large would fail the same way again.
 */
final class RetryPolicy {
    private final CrawlPolicy policy;
    private final RandomGenerator random;

    RetryPolicy(CrawlPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    static boolean isTransient(HttpFetchResult r) {
        if (r.error() != null) {
            ErrorKind k = r.error().kind();
            return k == ErrorKind.CONNECT_TIMEOUT || k == ErrorKind.CONNECTION_RESET
                    || k == ErrorKind.FIRST_BYTE_TIMEOUT;
        }
        return r.status() == 429 || (r.status() >= 500 && r.status() <= 599);
    }

    /**
     * The wait before retry number {@code n} (1 for the first): the retry delay doubled per retry, times a
     * jitter in [0.5, 1.5) so targets that failed together do not come back together; never less than the
     * server's Retry-After; never more than the max host delay.
     */
    long backoffNanos(int n, Duration retryAfter) {
        double base = policy.retryDelay().toNanos() * Math.pow(2, Math.min(n - 1, 30));
        long wait = (long) Math.min(base * (0.5 + random.nextDouble()), Long.MAX_VALUE / 4);
        if (retryAfter != null) {
            wait = Math.max(wait, retryAfter.toNanos());
        }
        return Math.min(wait, policy.maxHostDelay().toNanos());
    }

    /**
     * How long a host rests after a request: what its Retry-After asked, and after {@code streak} transient
     * failures in a row the larger of the host delay and the retry delay, doubled per failure; capped by the
     * max host delay.
     */
    long hostRestNanos(int streak, Duration retryAfter) {
        long max = policy.maxHostDelay().toNanos();
        long rest = retryAfter == null ? 0 : Math.min(retryAfter.toNanos(), max);
        if (streak > 0) {
            long base = Math.max(1, Math.max(policy.hostDelay().toNanos(), policy.retryDelay().toNanos()));
            long doubled = streak > 40 ? max : (long) Math.min((double) max, base * Math.pow(2, streak - 1));
            rest = Math.max(rest, doubled);
        }
        return rest;
    }
}
