package dev.bulkfetch.metrics.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Builds the report's XHTML-style markup: every text and attribute value goes through
 * {@link HtmlText#escape}, and every element opened is closed, so the page always parses as XML.
 */
final class Markup {
    /** After these a line break keeps the source readable without adding space inside text. */
    private static final Set<String> BLOCKS = Set.of("html", "head", "body", "style", "section", "div", "p",
            "h1", "h2", "h3", "table", "thead", "tbody", "tr", "figure", "svg", "g", "path", "ul", "li", "dl");

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens an element; attributes are name, value pairs, and a pair with a null value is left out. */
    Markup open(String tag, String... attributes) {
        start(tag, attributes);
        out.append('>');
        open.push(tag);
        return this;
    }

    /** Closes the element opened last. */
    Markup close() {
        String tag = open.pop();
        out.append("</").append(tag).append('>');
        if (BLOCKS.contains(tag)) {
            out.append('\n');
        }
        return this;
    }

    /**
     * An element without content, self-closed: only for void HTML elements and inside SVG, since an
     * HTML parser takes {@code <span/>} for an opening tag.
     */
    Markup empty(String tag, String... attributes) {
        start(tag, attributes);
        out.append("/>");
        return this;
    }

    /** An element holding only text. */
    Markup element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close();
    }

    Markup text(String text) {
        out.append(HtmlText.escape(text));
        return this;
    }

    /** Text written as is: only for constants of this package (the doctype, the style sheet). */
    Markup constant(String markup) {
        out.append(markup);
        return this;
    }

    /** The finished markup; fails if an element was left open, as that would be a bug here. */
    String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void start(String tag, String[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs: " + tag);
        }
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(HtmlText.escape(attributes[i + 1]))
                        .append('"');
            }
        }
    }
}
