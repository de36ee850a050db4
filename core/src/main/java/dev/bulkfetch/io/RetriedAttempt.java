package dev.bulkfetch.io;

import dev.bulkfetch.error.BulkError;

/**
 * An attempt at a target that failed in a way worth another try (a reset, a timeout, a 5xx, a 429),
 * and how long bulkfetch waited before the next one.
 *
 * @param status     the status of the attempt's response, or -1 without one
 * @param error      the attempt's error, or null when it was an answer (a 5xx, a 429)
 * @param waitMillis back-off before the next attempt (Retry-After when the server gave one)
 */
public record RetriedAttempt(int status, BulkError error, long waitMillis) {
}
