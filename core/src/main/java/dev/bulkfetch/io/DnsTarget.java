package dev.bulkfetch.io;

import dev.bulkfetch.dns.DnsQuestion;
import dev.bulkfetch.error.BulkError;

/**
 * One question to ask, or the reason an input line gives none.
 *
 * @param line     the input line number it came from (a CIDR line gives many targets)
 * @param input    the input text (the range, for a CIDR line)
 * @param question what to ask, or null when {@code error} is set
 * @param error    null, or why the line is not a valid target
 */
public record DnsTarget(long line, String input, DnsQuestion question, BulkError error) {

    public static DnsTarget invalid(long line, String input, String message) {
        return new DnsTarget(line, input, null, BulkError.invalidInput(message));
    }
}
