package dev.bulkfetch.error;

import java.util.Objects;

/**
 * The {@code error} of a result: a kind, the errno where the operating system reported one, and a
 * message for people.
 *
 * @param kind    what failed
 * @param errno   the OS error number, or 0 when there is none
 * @param message a short human-readable explanation
 */
public record BulkError(ErrorKind kind, int errno, String message) {

    public BulkError {
        Objects.requireNonNull(kind, "kind");
        message = message == null ? "" : message;
    }

    public static BulkError of(ErrorKind kind, String message) {
        return new BulkError(kind, 0, message);
    }

    public static BulkError invalidInput(String message) {
        return new BulkError(ErrorKind.INVALID_INPUT, 0, message);
    }
}
