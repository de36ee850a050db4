package dev.bulkfetch.engine;

/**
 * A live view of a run for the progress line.
 *
 * @param done         results written so far
 * @param total        targets in the input, or -1 while the reader has not reached its end
 * @param errors       of which errors
 * @param inFlight     targets admitted and not finished
 * @param elapsedNanos time since the run started
 * @param p50Micros    median latency so far (the whole lookup or fetch), or -1 without samples
 * @param p99Micros    99th percentile so far, or -1
 * @param lateStarts   starts behind a constant-rate schedule by more than 10 ms (0 without a rate)
 */
public record Progress(long done, long total, long errors, int inFlight, long elapsedNanos, long p50Micros,
                       long p99Micros, long lateStarts) {

    public double ratePerSecond() {
        return elapsedNanos <= 0 ? 0 : done * 1e9 / elapsedNanos;
    }
}
