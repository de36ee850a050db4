package dev.bulkfetch.engine;

/**
 * A token bucket on the loop's clock: how many starts are allowed now, and when the next one is.
 * The bucket holds at most a few milliseconds' worth, so a pause is not followed by a burst.
 */
final class RateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    /** @param perSecond starts per second; zero or less means unlimited */
    RateLimiter(double perSecond) {
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, perSecond / 200); // 5 ms worth
        this.tokens = 1;
        this.last = System.nanoTime();
    }

    boolean unlimited() {
        return perNano <= 0;
    }

    boolean tryAcquire(long now) {
        if (unlimited()) {
            return true;
        }
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Nanoseconds until the next token. */
    long nanosUntilNext() {
        return unlimited() ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }
}
