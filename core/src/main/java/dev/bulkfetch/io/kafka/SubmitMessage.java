package dev.bulkfetch.io.kafka;

/**
 * One message of a submit: one input line, or one block of a CIDR line.
 *
 * @param key     decides the partition ({@link MessageKeys})
 * @param value   the line as it was given, or the block's range ({@code 198.16.16.0/20})
 * @param line    the input line it came from (1-based)
 * @param problem null, or why the line could not be read as it is (too long, not UTF-8): sent along
 *                so that the worker's INVALID_INPUT record gives the same reason a local run does
 */
public record SubmitMessage(byte[] key, String value, long line, String problem) {
}
