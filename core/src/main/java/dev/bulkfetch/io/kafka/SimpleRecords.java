package dev.bulkfetch.io.kafka;

import java.util.List;
import java.util.Map;

/**
 * A worker's DNS record (NDJSON) as the lines {@code rdns --format simple} writes for it
 * (massdns-style): {@code name. TYPE data} per answer; a {@code ;} comment with the rcode or the
 * error when there is none. The record does not keep each answer's own type, only the question's, which
 * is the answers' type except for {@code -t ANY}. A record that is not a DNS record, or not JSON at
 * all, becomes a {@code ;} comment saying so, so that no record goes missing silently.
 */
public final class SimpleRecords {
    private SimpleRecords() {
    }

    /** The simple-format lines of one record, each ending in a newline. */
    public static String of(String ndjson) {
        Map<?, ?> r;
        try {
            Object v = RecordJson.parse(ndjson);
            if (!(v instanceof Map<?, ?> m)) {
                return "; not a record: " + oneLine(ndjson) + "\n";
            }
            r = m;
        } catch (IllegalArgumentException e) {
            return "; " + e.getMessage() + ": " + oneLine(ndjson) + "\n";
        }
        if (!r.containsKey("name") || !r.containsKey("answers")) {
            return "; not a DNS record: " + oneLine(ndjson) + "\n";
        }
        String name = text(r.get("name"));
        String type = text(r.get("type"));
        if (r.get("error") instanceof Map<?, ?> error) {
            return "; " + text(r.get("input")) + " " + text(error.get("kind")) + " " + oneLine(text(error.get("message")))
                    + "\n";
        }
        List<?> answers = r.get("answers") instanceof List<?> l ? l : List.of();
        if (answers.isEmpty()) {
            String rcode = text(r.get("rcode"));
            return "; " + name + " " + type + " " + ("NOERROR".equals(rcode) ? "NODATA" : rcode) + "\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Object a : answers) {
            sb.append(name).append(' ').append(type).append(' ').append(oneLine(text(a))).append('\n');
        }
        return sb.toString();
    }

    private static String text(Object v) {
        return v == null ? "-" : v.toString();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
