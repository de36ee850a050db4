package dev.bulkfetch.io.kafka;

import dev.bulkfetch.io.JsonText;

import java.nio.charset.StandardCharsets;

/**
 * A worker's record is the NDJSON object of a local run with the input message's place added: the
 * {@code line} becomes the line submit read the message from (the run numbered it by message), and
 * {@code topic}, {@code partition} and {@code offset} say which message it answers.
 *
 * <p>It is built straight into the bytes the producer sends, once per record on the writer thread: a
 * million-record sweep made three copies of every record on the publisher thread before (the local
 * text, the text with its origin, its UTF-8), and the publisher is the worker's busiest thread after the
 * event loop. One instance per writer thread: it keeps its buffer.
 */
final class WorkerRecords {
    private static final String LINE = "{\"line\":";

    private final String topicJson;
    private final StringBuilder text = new StringBuilder(512);

    /** @param topic the input topic every record names */
    WorkerRecords(String topic) {
        this.topicJson = JsonText.string(new StringBuilder(), topic).toString();
    }

    /**
     * The record's bytes: {@code json}'s first {@code end} characters (one object starting with its
     * {@code line} field, without a line terminator) with its origin.
     */
    byte[] value(CharSequence json, int end, long sourceLine, int partition, long offset) {
        StringBuilder sb = text;
        sb.setLength(0);
        int start = 0;
        if (startsWithLine(json, end)) {
            int comma = indexOf(json, ',', LINE.length(), end);
            if (comma > 0) {
                sb.append(LINE).append(sourceLine);
                start = comma;
            }
        }
        int close = end - 1;
        while (close >= start && json.charAt(close) != '}') {
            close--;
        }
        if (close < start) {
            close = end; // not an object: keep it whole rather than lose a character of it
        }
        sb.append(json, start, close).append(",\"topic\":").append(topicJson)
                .append(",\"partition\":").append(partition).append(",\"offset\":").append(offset).append('}');
        return utf8(sb);
    }

    /** As {@link #value} for a whole String, as text (for tests and people). */
    String text(String json, long sourceLine, int partition, long offset) {
        return new String(value(json, json.length(), sourceLine, partition, offset), StandardCharsets.UTF_8);
    }

    private static boolean startsWithLine(CharSequence s, int end) {
        if (end < LINE.length()) {
            return false;
        }
        for (int i = 0; i < LINE.length(); i++) {
            if (s.charAt(i) != LINE.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(CharSequence s, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** ASCII, as nearly every record is, in one pass; anything else through the JDK's encoder. */
    private static byte[] utf8(StringBuilder sb) {
        int n = sb.length();
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = sb.charAt(i);
            if (c >= 0x80) {
                return sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            out[i] = (byte) c;
        }
        return out;
    }
}
