package dev.bulkfetch.io;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.http.HttpUrl;

/**
 * One URL to fetch, or the reason an input line gives none.
 *
 * @param line  the input line number it came from
 * @param input the input text, stripped of surrounding whitespace
 * @param url   what to fetch, or null when {@code error} is set
 * @param error null, or why the line is not a valid target
 */
public record HttpTarget(long line, String input, HttpUrl url, BulkError error) {

    public static HttpTarget invalid(long line, String input, String message) {
        return new HttpTarget(line, input, null, BulkError.invalidInput(message));
    }
}
