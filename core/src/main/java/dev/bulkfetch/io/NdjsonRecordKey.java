package dev.bulkfetch.io;

/**
 * Reads back, from one NDJSON record this tool wrote, what {@code --resume} needs: the input line
 * number, the question name (DNS records) and the error kind. A small scanner over the top-level
 * fields, not a general JSON parser: anything it does not understand makes the record unreadable,
 * and an unreadable record counts as not done.
 *
 * @param line      the record's input line number
 * @param name      the DNS question name, or null (HTTP records, invalid inputs)
 * @param errorKind the error kind, or null for a record without error
 */
record NdjsonRecordKey(long line, String name, String errorKind) {

    /** The key of a record, or null when the text is not a whole record of ours. */
    static NdjsonRecordKey parse(String json) {
        try {
            Scanner s = new Scanner(json);
            return s.record();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static final class Scanner {
        private final String s;
        private int i;

        Scanner(String s) {
            this.s = s;
        }

        NdjsonRecordKey record() {
            long line = -1;
            String name = null;
            String kind = null;
            expect('{');
            if (peek() == '}') {
                throw new IllegalArgumentException("empty");
            }
            while (true) {
                String key = string();
                expect(':');
                switch (key) {
                    case "line" -> line = number();
                    case "name" -> name = peek() == 'n' ? literal("null") : string();
                    case "error" -> kind = errorKind();
                    default -> skipValue();
                }
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or }");
                }
            }
            if (i != s.length() || line < 1) {
                throw new IllegalArgumentException("trailing text or no line number");
            }
            return new NdjsonRecordKey(line, name, kind);
        }

        private String errorKind() {
            if (peek() == 'n') {
                return literal("null");
            }
            String kind = null;
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                if (key.equals("kind")) {
                    kind = string();
                } else {
                    skipValue();
                }
                if (peek() == ',') {
                    i++;
                }
            }
            i++;
            if (kind == null) {
                throw new IllegalArgumentException("error without kind");
            }
            return kind;
        }

        private void skipValue() {
            char c = peek();
            switch (c) {
                case '"' -> string();
                case '{', '[' -> skipNested();
                default -> {
                    while (i < s.length() && ",}]".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                }
            }
        }

        private void skipNested() {
            int depth = 0;
            do {
                char c = peek();
                if (c == '"') {
                    string();
                    continue;
                }
                i++;
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            } while (depth > 0);
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private long number() {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            return Long.parseLong(s.substring(start, i));
        }

        private String literal(String word) {
            if (!s.startsWith(word, i)) {
                throw new IllegalArgumentException("expected " + word);
            }
            i += word.length();
            return null;
        }

        private char peek() {
            return s.charAt(i);
        }

        private char next() {
            return s.charAt(i++);
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c);
            }
        }
    }
}
