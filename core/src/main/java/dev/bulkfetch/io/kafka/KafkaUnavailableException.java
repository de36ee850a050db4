package dev.bulkfetch.io.kafka;

/**
 * The cluster did not answer, or refused what was asked, within the Kafka timeout. The message says
 * where, what was being done and why, fit for a one-line error (exit status 1).
 */
public final class KafkaUnavailableException extends RuntimeException {
    KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
