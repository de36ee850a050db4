package dev.bulkfetch.engine;

/**
 * A live view of a run for the progress line.
 *
 * @param done         results written so far
 * @param errors       of which errors
 * @param inFlight     targets admitted and not finished
 * @param elapsedNanos time since the run started
 */
public record Progress(long done, long errors, int inFlight, long elapsedNanos) {

    public double ratePerSecond() {
        return elapsedNanos <= 0 ? 0 : done * 1e9 / elapsedNanos;
    }
}
