package dev.bulkfetch.engine;

import dev.bulkfetch.metrics.RateKeeping;

import java.time.Duration;

/**
 * How a run ended.
 *
 * @param targets  targets read from the input
 * @param results  results written (equal to targets unless the run failed)
 * @param elapsed  wall time from start to the last result written
 * @param fatal    null, or what stopped the run (unreadable input, unwritable output)
 * @param rate     how the constant-rate schedule was kept, or null without {@code --rate}
 */
public record RunOutcome(long targets, long results, Duration elapsed, String fatal, RateKeeping rate) {
}
