package dev.bulkfetch.io;

import dev.bulkfetch.dns.DnsAnswer;
import dev.bulkfetch.error.BulkError;

/**
 * The record written for one DNS target.
 *
 * @param target the target, with its input line
 * @param answer the engine's answer, or null when the target was invalid
 */
public record DnsResult(DnsTarget target, DnsAnswer answer) {

    /** null, or what went wrong (invalid input or the engine's error). */
    public BulkError error() {
        return answer == null ? target.error() : answer.error();
    }
}
