package dev.bulkfetch.io;

import dev.bulkfetch.error.BulkError;

/** The {@code "error"} field every record carries: null or {@code {kind, errno, message}}. */
final class ErrorJson {
    private ErrorJson() {
    }

    static StringBuilder append(StringBuilder sb, BulkError error) {
        sb.append("\"error\":");
        if (error == null) {
            return sb.append("null");
        }
        sb.append("{\"kind\":\"").append(error.kind().name()).append("\",\"errno\":");
        if (error.errno() > 0) {
            sb.append(error.errno());
        } else {
            sb.append("null");
        }
        sb.append(",\"message\":");
        return JsonText.string(sb, error.message()).append('}');
    }
}
