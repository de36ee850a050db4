package dev.bulkfetch.crawl.robots;

import java.util.ArrayList;
import java.util.List;

/**
 * One allow or disallow line of robots.txt, its pattern in {@link RobotsPath normal form}, matched
 * against a target in normal form from the target's first octet (RFC 9309 2.2.2, 2.2.3).
 *
 * <p>Matching splits the pattern at its {@code *}s into literals and places each literal at its
 * leftmost occurrence after the previous one; leftmost is always the best choice when {@code *} is the
 * only wildcard, so nothing is ever retried. Each {@link RobotsLiteral} is found in time linear in the
 * part of the target it scans, and the search for the next one starts where the last one ended, so a
 * match costs O(pattern + target) whatever the number of stars, never exponential nor quadratic. Before any of that, the rule is rejected in constant time or by a
 * {@code startsWith} when the target is shorter than the pattern's literals, lacks one of their
 * characters, or does not start with the literal before the first star, which settles most rules
 * of most files without a scan.
 */
final class RobotsRule {
    /** Longer rule text is cut in messages: a hostile robots.txt must not bloat every error record. */
    private static final int MAX_SHOWN = 200;

    private final boolean allow;
    private final String pattern;
    private final String line;
    private final boolean anchored;
    private final String prefix; // the literal before the first star: the whole pattern when it has none
    private final RobotsLiteral[] literals; // the literals after the first star; empty when it has none
    private final int minLength; // octets any match needs: all literals together
    private final RobotsCharSet chars; // characters any match needs

    /**
     * @param pattern the pattern in normal form, with its {@code *}s and an end-anchoring {@code $}
     * @param value   the value as written, for messages
     */
    RobotsRule(boolean allow, String pattern, String value) {
        this.allow = allow;
        this.pattern = pattern;
        this.line = (allow ? "Allow: " : "Disallow: ") + shown(value);
        this.anchored = pattern.endsWith("$");
        String body = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
        String[] parts = split(body);
        this.prefix = parts[0];
        this.literals = new RobotsLiteral[parts.length - 1];
        int length = prefix.length();
        for (int i = 1; i < parts.length; i++) {
            literals[i - 1] = new RobotsLiteral(parts[i]);
            length += parts[i].length();
        }
        this.minLength = length;
        this.chars = RobotsCharSet.of(body.replace("*", ""));
    }

    /**
     * Heap this rule holds, roughly: its strings, and at most one int per pattern character for the
     * tables of its long literals.
     */
    long approximateBytes() {
        return 96 + 2L * (pattern.length() + line.length()) + 4L * pattern.length();
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

    /**
     * @param target      a target in {@link RobotsPath#ofTarget normal form}
     * @param targetChars its characters, computed once for all the rules tried on it
     */
    boolean matches(String target, RobotsCharSet targetChars) {
        if (target.length() < minLength || !target.startsWith(prefix)) {
            return false;
        }
        if (literals.length == 0) {
            return !anchored || target.length() == prefix.length();
        }
        if (!targetChars.containsAll(chars)) {
            return false;
        }
        int at = prefix.length();
        int last = literals.length - 1;
        for (int i = 0; i < last; i++) {
            int found = literals[i].find(target, at);
            if (found < 0) {
                return false;
            }
            at = found + literals[i].length();
        }
        RobotsLiteral tail = literals[last];
        if (anchored) {
            return target.length() - tail.length() >= at && target.endsWith(tail.text());
        }
        return tail.find(target, at) >= 0;
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
