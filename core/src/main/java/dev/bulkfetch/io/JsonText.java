package dev.bulkfetch.io;

/** Appends JSON string literals and numbers; enough JSON for flat NDJSON records, without a library. */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code "value"} with JSON escapes, or {@code null}. */
    public static StringBuilder string(StringBuilder sb, String value) {
        if (value == null) {
            return sb.append("null");
        }
        sb.append('"');
        // most of what a record holds (URLs, names, digests) is plain ASCII: copy that run in one go
        int plain = 0;
        while (plain < value.length()) {
            char c = value.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
                break;
            }
            plain++;
        }
        sb.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)
                            && !validSurrogate(value, i)) {
                        sb.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /** Appends a JSON array of strings. */
    public static StringBuilder strings(StringBuilder sb, java.util.List<String> items) {
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, items.get(i));
        }
        return sb.append(']');
    }

    /** Appends milliseconds from nanoseconds with microsecond precision, or null when negative. */
    public static StringBuilder millis(StringBuilder sb, long nanos) {
        if (nanos < 0) {
            return sb.append("null");
        }
        long micros = nanos / 1000;
        sb.append(micros / 1000).append('.');
        long frac = micros % 1000;
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        return sb.append(frac);
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
