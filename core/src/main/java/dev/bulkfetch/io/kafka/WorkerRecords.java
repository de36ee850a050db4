package dev.bulkfetch.io.kafka;

import dev.bulkfetch.io.JsonText;

/**
 * A worker's record is the NDJSON object of a local run with the input message's place added: the
 * {@code line} becomes the line submit read the message from (the run numbered it by message), and
 * {@code topic}, {@code partition} and {@code offset} say which message it answers.
 */
final class WorkerRecords {
    private static final String LINE = "{\"line\":";

    private WorkerRecords() {
    }

    /** {@code json} is one object starting with its {@code line} field, without a line terminator. */
    static String withOrigin(String json, long sourceLine, String topic, int partition, long offset) {
        StringBuilder sb = new StringBuilder(json.length() + topic.length() + 64);
        int start = 0;
        if (json.startsWith(LINE)) {
            int comma = json.indexOf(',', LINE.length());
            if (comma > 0) {
                sb.append(LINE).append(sourceLine);
                start = comma;
            }
        }
        int close = json.lastIndexOf('}');
        sb.append(json, start, close).append(",\"topic\":");
        JsonText.string(sb, topic);
        sb.append(",\"partition\":").append(partition).append(",\"offset\":").append(offset).append('}');
        return sb.toString();
    }
}
