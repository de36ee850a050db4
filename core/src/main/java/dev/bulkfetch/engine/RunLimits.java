package dev.bulkfetch.engine;

/**
 * Admission limits of a run.
 *
 * @param concurrency  targets in flight at most
 * @param ratePerSecond starts per second at most; 0 for no limit
 */
public record RunLimits(int concurrency, double ratePerSecond) {

    public RunLimits {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be 0 (unlimited) or positive");
        }
    }
}
