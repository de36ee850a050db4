package dev.bulkfetch.engine;

import dev.bulkfetch.metrics.RateKeeping;

import java.util.concurrent.TimeUnit;

/**
 * When targets should start under {@code --rate}: the k-th start is due at {@code origin + k / rate}.
 * Unlike a token bucket it never forgets a missed start: after a stall the overdue targets start at
 * once and keep their intended times, because corrected latencies are measured from those times
 * (as wrk2 does). Without a rate every target is due at once and never late. Loop-confined, except
 * the figures read by {@link #keeping()} and {@link #lateStarts()}.
 */
final class StartSchedule {
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(RateKeeping.LATE_MILLIS);

    private final double perSecond;
    private final double periodNanos;
    private long origin;
    private long starts;
    private long lastStart;
    private volatile long lateStarts;
    private volatile long maxLagNanos;
    private volatile boolean capReached;

    /** @param perSecond starts per second; zero means no schedule */
    StartSchedule(double perSecond) {
        this.perSecond = perSecond;
        this.periodNanos = perSecond > 0 ? 1e9 / perSecond : 0;
    }

    boolean unlimited() {
        return periodNanos == 0;
    }

    private long intended(long k) {
        return origin + (long) (k * periodNanos);
    }

    /** Whether the next start is due; the first call with a target waiting fixes the origin. */
    boolean due(long now) {
        if (unlimited()) {
            return true;
        }
        if (starts == 0) {
            origin = now;
            return true;
        }
        return intended(starts) - now <= 0;
    }

    /** Nanoseconds until the next start is due. */
    long nanosUntilDue(long now) {
        return unlimited() ? 0 : Math.max(0, intended(starts) - now);
    }

    /** The in-flight cap is holding back a start that is due. */
    void capped(long now) {
        if (!capReached && !unlimited() && starts > 0 && intended(starts) - now <= 0) {
            capReached = true;
        }
    }

    /**
     * Takes the next start.
     *
     * @return how late it is behind its intended time, in nanoseconds (0 without a rate)
     */
    long start() {
        if (unlimited()) {
            return 0;
        }
        long now = System.nanoTime();
        long lag = Math.max(0, now - intended(starts));
        starts++;
        lastStart = now;
        if (lag > LATE_NANOS) {
            lateStarts++;
        }
        if (lag > maxLagNanos) {
            maxLagNanos = lag;
        }
        return lag;
    }

    long lateStarts() {
        return lateStarts;
    }

    /** How the schedule was kept, or null without a rate; read once the run is over. */
    RateKeeping keeping() {
        if (unlimited()) {
            return null;
        }
        long n = starts;
        double span = (lastStart - origin) / 1e9;
        double achieved = n < 2 || span <= 0 ? perSecond : (n - 1) / span;
        return new RateKeeping(perSecond, achieved, n, lateStarts, maxLagNanos / 1e6,
                capReached);
    }
}
