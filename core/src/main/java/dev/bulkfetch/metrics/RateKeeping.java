package dev.bulkfetch.metrics;

/**
 * How well a constant-rate run kept its schedule.
 *
 * @param requestedPerSecond the rate asked for
 * @param achievedPerSecond  starts per second actually made, first start to last
 * @param starts             targets started
 * @param lateStarts         starts later than {@link #LATE_MILLIS} behind their intended time
 * @param maxLagMillis       the worst delay of a start behind its intended time
 * @param capReached         whether the in-flight cap held back starts that were due
 */
public record RateKeeping(double requestedPerSecond, double achievedPerSecond, long starts, long lateStarts,
                          double maxLagMillis, boolean capReached) {
    /** A start this much behind schedule counts as late. */
    public static final long LATE_MILLIS = 10;

    /** Whether the run fell behind: under 95% of the rate, or more than 1% of starts late. */
    public boolean fellBehind() {
        return achievedPerSecond < 0.95 * requestedPerSecond || lateStarts * 100 > starts;
    }
}
