package dev.bulkfetch.io;

/**
 * One line of input (or one command-line argument), numbered from 1 across all inputs of a run.
 *
 * @param number  1-based line number, the key that ties a result to its input
 * @param text    the line without its line terminator (lossy-decoded when {@code problem} is set)
 * @param problem null, or why the line cannot be used as it is (too long, not UTF-8)
 */
public record InputLine(long number, String text, String problem) {
}
