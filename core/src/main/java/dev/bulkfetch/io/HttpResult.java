package dev.bulkfetch.io;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.http.HttpFetchResult;

/**
 * The record written for one HTTP target.
 *
 * @param target the target, with its input line
 * @param fetch  the engine's result, or null when the target was invalid
 */
public record HttpResult(HttpTarget target, HttpFetchResult fetch) {

    /** null, or what went wrong (invalid input or the fetch's error). */
    public BulkError error() {
        return fetch == null ? target.error() : fetch.error();
    }
}
