package dev.bulkfetch.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a {@code Retry-After} value (RFC 9110 10.2.3): delay-seconds or an HTTP-date. A value that is
 * neither, or a date in the past, means no wait rather than an error: the header is advice.
 */
public final class RetryAfter {
    /** Longer than any back-off a run would honour; keeps the arithmetic away from overflow. */
    private static final long MAX_SECONDS = 366L * 24 * 3600;

    private RetryAfter() {
    }

    /**
     * @param value the header value, or null
     * @param now   the time a date is measured from (the response's arrival)
     * @return the wait asked for, or null when there is none or it cannot be read
     */
    public static Duration parse(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // digits beyond what a long holds are still "a very long wait"
            long seconds = v.length() > 12 ? MAX_SECONDS : Math.min(MAX_SECONDS, Long.parseLong(v));
            return Duration.ofSeconds(seconds);
        }
        try {
            // RFC_1123_DATE_TIME also reads the obsolete forms' common cousin; IMF-fixdate is what servers send
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            if (d.isNegative()) {
                return Duration.ZERO;
            }
            return d.getSeconds() > MAX_SECONDS ? Duration.ofSeconds(MAX_SECONDS) : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
