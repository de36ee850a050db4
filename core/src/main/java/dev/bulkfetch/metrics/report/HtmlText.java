package dev.bulkfetch.metrics.report;

/** Escapes text for the HTML report so that it is also well-formed XML, whatever the text holds. */
final class HtmlText {
    private static final String REPLACEMENT = "&#65533;";

    private HtmlText() {
    }

    /**
     * The text with markup characters as entities. Everything outside printable ASCII becomes a
     * numeric reference, so the page reads the same whatever charset the caller's writer uses;
     * characters XML forbids (controls, lone surrogates) become U+FFFD rather than breaking the page.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append((char) cp);
                default -> {
                    if (cp >= 0x20 && cp < 0x7f) {
                        out.append((char) cp);
                    } else if (cp < 0x20 || cp == 0x7f || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe
                            || cp == 0xffff) {
                        out.append(REPLACEMENT);
                    } else {
                        out.append("&#").append(cp).append(';');
                    }
                }
            }
        });
        return out.toString();
    }
}
