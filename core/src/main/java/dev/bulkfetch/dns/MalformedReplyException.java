package dev.bulkfetch.dns;

/** A reply that cannot be parsed: it is dropped and counted, never allowed out of the loop. */
final class MalformedReplyException extends Exception {
    MalformedReplyException(String message) {
        super(message, null, false, false);
    }
}
