package dev.bulkfetch.engine;

/**
 * Admission limits of a run.
 *
 * @param concurrency   targets in flight at most
 * @param ratePerSecond starts per second at most; 0 for no limit
 * @param resultBacklog finished results waiting for the writer thread at most, beyond those in flight; when
 *                      they are all taken, no target starts until the writer catches up
 */
public record RunLimits(int concurrency, double ratePerSecond, int resultBacklog) {
    /** Plenty for results of a few hundred bytes: the loop never waits for a writer that keeps up on average. */
    public static final int DEFAULT_BACKLOG = 64 * 1024;

    public RunLimits(int concurrency, double ratePerSecond) {
        this(concurrency, ratePerSecond, DEFAULT_BACKLOG);
    }

    public RunLimits {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be 0 (unlimited) or positive");
        }
        if (resultBacklog < 1) {
            throw new IllegalArgumentException("result backlog must be at least 1");
        }
    }

    /** These limits with another result backlog. */
    public RunLimits withResultBacklog(int n) {
        return new RunLimits(concurrency, ratePerSecond, n);
    }
}
