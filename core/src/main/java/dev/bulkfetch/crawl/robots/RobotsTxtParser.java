package dev.bulkfetch.crawl.robots;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a robots.txt body, line by line in one pass over its bytes, and keeps the rules and
 * Crawl-delay of the groups that apply to one product token (RFC 9309 2.1, 2.2).
 *
 * <p>Lines: {@code key: value}, the key case-insensitive, spaces and tabs around key and value
 * ignored, {@code #} to the end of the line a comment, CR, LF or CRLF endings, a leading UTF-8 BOM
 * skipped. A line without a colon, or with a key other than user-agent, allow, disallow and
 * crawl-delay, is ignored (no misspellings are accepted). Bytes are never decoded as a whole, so
 * invalid UTF-8 cannot fail: pattern octets are percent-encoded as they are.
 *
 * <p>Groups: consecutive user-agent lines open a group and the allow and disallow lines that follow
 * are its rules; a user-agent line after a rule opens the next group. Other lines (Sitemap,
 * Crawl-delay, unknown keys) neither end a group nor split its user-agent lines (RFC 9309 2.2.4: other
 * records must not interfere), whereas Google's reference parser lets them split the user-agent lines.
 * An empty allow or disallow value is no rule, but like any rule it ends the group's user-agent lines.
 * Rules before the first user-agent line belong to no group and are ignored.
 *
 * <p>Limits, so that a hostile file cannot make each match expensive: a rule whose value is longer
 * than {@link RobotsRules#MAX_PATTERN_BYTES} bytes as written is ignored (no real path is that long;
 * Google's parser also cuts long lines), and of the rules for the token (or for {@code *}) only the
 * first {@link RobotsRules#MAX_RULES} are kept, duplicates included; the rest are ignored. Both are
 * counted in {@link Result#ignored()}.
 */
final class RobotsTxtParser {
    /**
     * What the body says for one product token, before it is wrapped as {@link RobotsRules}.
     *
     * @param rules   most specific first
     * @param group   the token when groups name it, {@code *} when star groups apply instead, else null
     * @param ignored rules of the chosen groups dropped by the limits (too long, or past the first
     *                {@link RobotsRules#MAX_RULES})
     */
    record Result(List<RobotsRule> rules, Duration crawlDelay, String group, int ignored) {
    }

    private static final int MAX_DELAY_DIGITS = 18; // below Long.MAX_VALUE seconds

    private final String token;
    private final String lowerToken;
    private final List<RobotsRule> specificRules = new ArrayList<>();
    private final List<RobotsRule> globalRules = new ArrayList<>();
    private int specificIgnored;
    private int globalIgnored;
    private Duration specificDelay;
    private Duration globalDelay;
    private boolean anySpecific;
    private boolean anyGlobal;
    // the open group: whether its user-agent lines name the token or *, and whether a rule ended them
    private boolean groupSpecific;
    private boolean groupGlobal;
    private boolean groupHasRule;

    private RobotsTxtParser(String token) {
        this.token = token;
        this.lowerToken = token.toLowerCase(Locale.ROOT);
    }

    /**
     * @param body  at most {@code limit} bytes of it are read; a line cut by the limit is dropped
     * @param token a valid product token ({@code [A-Za-z_-]+})
     */
    static Result parse(byte[] body, int limit, String token) {
        RobotsTxtParser p = new RobotsTxtParser(token);
        p.lines(body, usableLength(body, limit));
        return p.result();
    }

    /** The bytes to read: the first {@code limit}, less a last line that the limit cuts short. */
    private static int usableLength(byte[] body, int limit) {
        if (body.length <= limit) {
            return body.length;
        }
        if (body[limit] == '\n' || body[limit] == '\r') {
            return limit; // the line ends right at the limit: nothing is cut
        }
        int end = limit;
        while (end > 0 && body[end - 1] != '\n' && body[end - 1] != '\r') {
            end--;
        }
        return end;
    }

    private void lines(byte[] b, int length) {
        int start = length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        while (start < length) {
            int end = start;
            while (end < length && b[end] != '\n' && b[end] != '\r') {
                end++;
            }
            line(b, start, end);
            // CRLF leaves an empty line between CR and LF, which is ignored like any empty line
            start = end + 1;
        }
    }

    private void line(byte[] b, int start, int end) {
        int colon = -1;
        for (int i = start; i < end; i++) {
            if (b[i] == '#') {
                end = i;
                break;
            }
            if (colon < 0 && b[i] == ':') {
                colon = i;
            }
        }
        if (colon < 0) {
            return;
        }
        int keyStart = skipSpace(b, start, colon);
        int keyEnd = trimSpace(b, keyStart, colon);
        int valueStart = skipSpace(b, colon + 1, end);
        int valueEnd = trimSpace(b, valueStart, end);
        if (is(b, keyStart, keyEnd, "user-agent")) {
            userAgent(b, valueStart, valueEnd);
        } else if (is(b, keyStart, keyEnd, "allow")) {
            rule(true, b, valueStart, valueEnd);
        } else if (is(b, keyStart, keyEnd, "disallow")) {
            rule(false, b, valueStart, valueEnd);
        } else if (is(b, keyStart, keyEnd, "crawl-delay")) {
            crawlDelay(b, valueStart, valueEnd);
        }
    }

    private void userAgent(byte[] b, int start, int end) {
        if (groupHasRule) {
            groupSpecific = groupGlobal = groupHasRule = false;
        }
        if (start < end && b[start] == '*' && (start + 1 == end || isSpace(b[start + 1]))) {
            groupGlobal = anyGlobal = true; // "* anything" is still the global group, as Google reads it
            return;
        }
        int nameEnd = start;
        while (nameEnd < end && isTokenChar(b[nameEnd])) {
            nameEnd++; // "bulkfetch/1.0" names bulkfetch
        }
        if (is(b, start, nameEnd, lowerToken)) {
            groupSpecific = anySpecific = true;
        }
    }

    private void rule(boolean allow, byte[] b, int start, int end) {
        groupHasRule = true;
        if (start == end || !(groupSpecific || groupGlobal)) {
            return;
        }
        boolean tooLong = end - start > RobotsRules.MAX_PATTERN_BYTES;
        boolean keepSpecific = groupSpecific && !tooLong && specificRules.size() < RobotsRules.MAX_RULES;
        boolean keepGlobal = groupGlobal && !tooLong && globalRules.size() < RobotsRules.MAX_RULES;
        if (groupSpecific && !keepSpecific) {
            specificIgnored++;
        }
        if (groupGlobal && !keepGlobal) {
            globalIgnored++;
        }
        if (!keepSpecific && !keepGlobal) {
            return;
        }
        RobotsRule r = new RobotsRule(allow, RobotsPath.ofPattern(b, start, end),
                new String(b, start, end - start, StandardCharsets.UTF_8));
        if (keepSpecific) {
            specificRules.add(r);
        }
        if (keepGlobal) {
            globalRules.add(r);
        }
    }

    private void crawlDelay(byte[] b, int start, int end) {
        Duration d = seconds(b, start, end);
        if (d == null) {
            return;
        }
        if (groupSpecific) {
            specificDelay = max(specificDelay, d);
        }
        if (groupGlobal) {
            globalDelay = max(globalDelay, d);
        }
    }

    private Result result() {
        if (anySpecific) {
            return new Result(sorted(specificRules), specificDelay, token, specificIgnored);
        }
        if (anyGlobal) {
            return new Result(sorted(globalRules), globalDelay, "*", globalIgnored);
        }
        return new Result(List.of(), null, null, 0);
    }

    /**
     * Most specific first, and allow before disallow at equal specificity, so the first match decides;
     * duplicates dropped (2.2.2 allows it), so a hostile file gains nothing by repeating a rule.
     */
    private static List<RobotsRule> sorted(List<RobotsRule> rules) {
        Set<String> seen = new HashSet<>();
        List<RobotsRule> copy = new ArrayList<>(rules.size());
        for (RobotsRule r : rules) {
            if (seen.add((r.allow() ? "A" : "D") + r.pattern())) {
                copy.add(r);
            }
        }
        copy.sort((x, y) -> x.specificity() != y.specificity()
                ? Integer.compare(y.specificity(), x.specificity())
                : Boolean.compare(y.allow(), x.allow()));
        return List.copyOf(copy);
    }

    /**
     * A non-negative decimal number of seconds ({@code 10}, {@code 0.5}, {@code .5}, {@code 10.}), or
     * null for anything else: a sign, an exponent, a unit, or more than 18 integer digits (no
     * Duration arithmetic survives such a delay; a scheduler caps its own maximum anyway).
     */
    static Duration seconds(byte[] b, int start, int end) {
        long whole = 0;
        int digits = 0;
        int i = start;
        for (; i < end && isDigit(b[i]); i++) {
            if (whole == 0 && b[i] == '0') {
                continue; // leading zeros count for nothing
            }
            if (++digits > MAX_DELAY_DIGITS) {
                return null;
            }
            whole = whole * 10 + (b[i] - '0');
        }
        boolean anyDigit = i > start;
        long nanos = 0;
        if (i < end && b[i] == '.') {
            i++;
            int scale = 100_000_000;
            for (; i < end && isDigit(b[i]); i++) {
                anyDigit = true;
                nanos += (long) (b[i] - '0') * scale; // digits past the ninth are below a nanosecond
                scale /= 10;
            }
        }
        return anyDigit && i == end ? Duration.ofSeconds(whole, nanos) : null;
    }

    private static Duration max(Duration a, Duration b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }

    /** Whether b[start, end) is the lower-case ASCII text, ignoring case. */
    private static boolean is(byte[] b, int start, int end, String lower) {
        if (end - start != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[start + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == 0x0C;
    }

    private static int skipSpace(byte[] b, int from, int to) {
        while (from < to && isSpace(b[from])) {
            from++;
        }
        return from;
    }

    private static int trimSpace(byte[] b, int from, int to) {
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        return to;
    }
}
