package dev.bulkfetch.crawl.robots;

/**
 * One run of literal characters of a robots.txt pattern (the text between two {@code *}s), found in a
 * target at its leftmost occurrence in time linear in the target, whatever the literal.
 *
 * <p>{@link String#indexOf(String, int)} is vectorised and fastest in practice, but compares the whole
 * literal again at each start position, so a long self-similar literal ({@code aaa...ab}) against a
 * target of {@code a}s costs target x literal. Short literals keep it (at most {@value #SHORT} times
 * the target); longer ones use Knuth-Morris-Pratt, which never reads a target character twice, with a
 * table of one int per literal character built once when the rule is read.
 */
final class RobotsLiteral {
    /** Literals up to this length are searched with String.indexOf: its worst case is this many passes. */
    static final int SHORT = 16;

    private final String text;
    private final int[] border; // border[i]: length of the longest proper border of text[0..i]; null if short

    RobotsLiteral(String text) {
        this.text = text;
        this.border = text.length() > SHORT ? borders(text) : null;
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    /** The index of the leftmost occurrence in {@code target} at or after {@code from}, or -1. */
    int find(String target, int from) {
        if (border == null) {
            return target.indexOf(text, from);
        }
        int m = text.length();
        char first = text.charAt(0);
        int k = 0; // characters of the literal matched so far
        for (int i = from; i < target.length(); i++) {
            if (k == 0) {
                i = target.indexOf(first, i); // vectorised skip to the next possible start, still forward only
                if (i < 0) {
                    return -1;
                }
            }
            char c = target.charAt(i);
            while (k > 0 && text.charAt(k) != c) {
                k = border[k - 1];
            }
            if (text.charAt(k) == c && ++k == m) {
                return i - m + 1;
            }
        }
        return -1;
    }

    private static int[] borders(String s) {
        int[] b = new int[s.length()];
        int k = 0;
        for (int i = 1; i < s.length(); i++) {
            while (k > 0 && s.charAt(k) != s.charAt(i)) {
                k = b[k - 1];
            }
            if (s.charAt(k) == s.charAt(i)) {
                k++;
            }
            b[i] = k;
        }
        return b;
    }
}
