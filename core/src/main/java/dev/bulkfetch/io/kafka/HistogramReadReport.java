package dev.bulkfetch.io.kafka;

/**
 * What a read of the histograms topic found.
 *
 * @param messages     messages read and decoded
 * @param malformed    messages skipped because they are not what a worker writes
 * @param firstProblem where the first skipped message was and what was wrong with it, or null
 */
public record HistogramReadReport(long messages, long malformed, String firstProblem) {
}
