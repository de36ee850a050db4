package dev.bulkfetch.engine;

import dev.bulkfetch.error.BulkError;

import java.util.function.Function;

/**
 * How a kind of run names each result in its outcome counts: the error kind of a failure, else a label
 * of its own (an rcode for DNS, a status class for HTTP).
 *
 * @param error   the error of a result, or null
 * @param success the label of a result without error
 * @param <R>     the result type
 */
record OutcomeLabels<R>(Function<R, BulkError> error, Function<R, String> success) {
}
