package dev.bulkfetch.http;

import java.util.ArrayList;
import java.util.List;

/**
 * One allow or disallow line of robots.txt, its pattern in {@link RobotsPath normal form}, matched
 * against a target in normal form from the target's first octet (RFC 9309 2.2.2, 2.2.3).
 *
 * <p>Matching splits the pattern at its {@code *}s into literals and places each literal at its
 * leftmost occurrence after the previous one; leftmost is always the best choice when {@code *} is the
 * only wildcard, so nothing is ever retried: a match costs at most a scan of the target per literal
 * (O(pattern x target) in the worst case, linear in practice), never exponential, whatever the number
 * of stars.
 */
final class RobotsRule {
    /** Longer rule text is cut in messages: a hostile robots.txt must not bloat every error record. */
    private static final int MAX_SHOWN = 200;

    private final boolean allow;
    private final String pattern;
    private final String line;
    private final String[] literals;
    private final boolean anchored;

    /**
     * @param pattern the pattern in normal form, with its {@code *}s and an end-anchoring {@code $}
     * @param value   the value as written, for messages
     */
    RobotsRule(boolean allow, String pattern, String value) {
        this.allow = allow;
        this.pattern = pattern;
        this.line = (allow ? "Allow: " : "Disallow: ") + shown(value);
        this.anchored = pattern.endsWith("$");
        this.literals = split(anchored ? pattern.substring(0, pattern.length() - 1) : pattern);
    }

    boolean allow() {
        return allow;
    }

    /** The normal-form pattern, with its {@code *}s and {@code $}. */
    String pattern() {
        return pattern;
    }

    /** The line as written, e.g. {@code Disallow: /private/}, for messages. */
    String line() {
        return line;
    }

    /** How specific the rule is: the octets of its normal-form pattern (RFC 9309 2.2.2: most octets wins). */
    int specificity() {
        return pattern.length();
    }

    /** @param target a target in {@link RobotsPath#ofTarget normal form} */
    boolean matches(String target) {
        String first = literals[0];
        int last = literals.length - 1;
        if (last == 0) {
            return anchored ? target.equals(first) : target.startsWith(first);
        }
        if (!target.startsWith(first)) {
            return false;
        }
        int at = first.length();
        for (int i = 1; i < last; i++) {
            int found = target.indexOf(literals[i], at);
            if (found < 0) {
                return false;
            }
            at = found + literals[i].length();
        }
        String tail = literals[last];
        if (anchored) {
            return target.length() - tail.length() >= at && target.endsWith(tail);
        }
        return target.indexOf(tail, at) >= 0;
    }

    /** The literals between the stars, empty ones included (before a leading or after a trailing star). */
    private static String[] split(String body) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int star = body.indexOf('*'); star >= 0; star = body.indexOf('*', start)) {
            parts.add(body.substring(start, star));
            start = star + 1;
        }
        parts.add(body.substring(start));
        return parts.toArray(new String[0]);
    }

    private static String shown(String value) {
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_SHOWN + 3));
        for (int i = 0; i < value.length() && i < MAX_SHOWN; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? '\uFFFD' : c); // keep messages on one printable line
        }
        if (value.length() > MAX_SHOWN) {
            sb.append("...");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return line;
    }
}
