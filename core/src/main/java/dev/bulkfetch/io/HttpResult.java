package dev.bulkfetch.io;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.http.HttpFetchResult;

import java.util.List;

/**
 * The record written for one HTTP target.
 *
 * @param target the target, with its input line
 * @param fetch   the engine's result (of the last attempt), or null when the target was invalid or never
 *                fetched
 * @param retried the failed attempts before the last one, in order; null when the run does not retry
 * @param tries   attempts made at the target: the retried ones, and the last unless the target ended
 *                without one (robots.txt forbids it, the run stopped first)
 */
public record HttpResult(HttpTarget target, HttpFetchResult fetch, List<RetriedAttempt> retried, int tries) {

    public HttpResult(HttpTarget target, HttpFetchResult fetch) {
        this(target, fetch, null, fetch == null ? 0 : 1);
    }

    /** null, or what went wrong (invalid input or the fetch's error). */
    public BulkError error() {
        return fetch == null ? target.error() : fetch.error();
    }
}
