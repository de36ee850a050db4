package dev.bulkfetch.conformance;

import java.util.Map;

/**
 * What a client got for one URL, in the terms the conformance test compares: status, sha256 of the
 * decoded body, and the framing the server chose (Content-Encoding, chunked or not).
 *
 * @param contentEncoding the Content-Encoding header, or null without one
 */
record Fetched(int status, String sha256, String contentEncoding, boolean chunked) {

    /** From a bulkfetch {@code http} NDJSON record (fields as in README's Output section). */
    static Fetched fromRecord(Map<String, Object> record) {
        Object status = record.get("status");
        return new Fetched(status == null ? -1 : ((Number) status).intValue(), (String) record.get("sha256"),
                (String) record.get("content_encoding"), Boolean.TRUE.equals(record.get("chunked")));
    }
}
