package dev.bulkfetch.io.kafka;

import java.time.Duration;

/**
 * When a collect ends: after {@code expect} records, or once no new record has come for
 * {@code untilIdle}, whichever comes first.
 *
 * @param expect    records to read before ending, or 0 for no such limit
 * @param untilIdle the quiet time that ends the collect, or null to wait for records indefinitely
 */
public record CollectLimits(long expect, Duration untilIdle) {
    public CollectLimits {
        if (expect < 0) {
            throw new IllegalArgumentException("expect must be 0 (none) or more");
        }
        if (untilIdle != null && (untilIdle.isNegative() || untilIdle.isZero())) {
            throw new IllegalArgumentException("the idle time must be positive");
        }
    }
}
