package dev.bulkfetch.crawl.robots;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The robots.txt rules that apply to one product token (RFC 9309), and the Crawl-delay of its group:
 * what the crawl scheduler asks before each request to a host. Pure code, immutable and thread-safe;
 * fetching /robots.txt is the scheduler's business.
 *
 * <pre>{@code
 * RobotsRules robots = RobotsRules.forStatus(response.status(), response.body(), "bulkfetch");
 * RobotsRules.Verdict v = robots.verdict(url.target());
 * if (!v.allowed()) {
 *     String why = v.rule() != null ? "disallowed by \"" + v.rule() + "\"" : robots.describe();
 * }
 * }</pre>
 *
 * <p>Choice of group: the token is compared, ignoring case, with each user-agent value up to the
 * value's first character that is not a letter, {@code _} or {@code -} ({@code BulkFetch/1.0} names
 * {@code bulkfetch}); all groups naming it are merged; if none does, all {@code *} groups are merged;
 * if there is none, everything is allowed. See {@link RobotsTxtParser} for lines and groups.
 *
 * <p>Matching (RFC 9309 2.2.2, 2.2.3): patterns and targets are compared in the {@link RobotsPath
 * normal form}; a pattern matches from the first octet of the target, {@code *} matches any run of
 * characters and a final {@code $} anchors the end. The longest matching pattern, in octets of its
 * normal form, decides; an allow wins a tie with a disallow; no match allows. A pattern that starts
 * with neither {@code /} nor {@code *} ({@code Disallow: private/}) is read as if it started with
 * {@code /}: that is what its author meant, and honouring it errs on the polite side (Google's
 * reference matcher lets such a pattern match nothing). {@code /robots.txt} is always allowed, with or
 * without a query.
 *
 * <p>Cost: parsing reads at most {@link #MAX_BYTES} in one linear pass and keeps at most {@link
 * #MAX_RULES} rules for the token (or for {@code *}), each at most {@link #MAX_PATTERN_BYTES} long;
 * later and longer rules are ignored and counted in {@link #describe()}. {@link #allows} normalises
 * the target once and tries the rules most specific first. A rule costs a constant or a {@code
 * startsWith} unless the target is long enough for its literals, holds all their characters and starts
 * with its text before the first {@code *}; only then does it scan the target, in linear time (see
 * {@link RobotsRule}). So a check costs at most rules x target, never exponential nor quadratic in a rule:
 * hostile 500 KiB files of star-heavy or self-similar patterns cost well under a millisecond against a
 * 2,000-character path of one repeated letter, and a few milliseconds against one built to hold every
 * character of every rule; an ordinary file costs microseconds.
 */
public final class RobotsRules {
    /** The most of a body that is parsed (the RFC 9309 2.5 minimum); a line cut by this cap is dropped. */
    public static final int MAX_BYTES = 500 * 1024;
    /** The longest allow or disallow value kept, in bytes as written; a longer one is ignored. */
    public static final int MAX_PATTERN_BYTES = 2048;
    /** The most rules kept for the product token, or for {@code *}: later ones are ignored. */
    public static final int MAX_RULES = 10_000;

    /**
     * What robots.txt says about one target.
     *
     * @param allowed whether the target may be fetched
     * @param rule    the deciding line as written, e.g. {@code Disallow: /private/} (controls replaced, cut
     *                after 200 characters); null when no rule matched (then {@link #describe()} says why,
     *                e.g. a 5xx answer)
     */
    public record Verdict(boolean allowed, String rule) {
    }

    private static final Verdict ALLOWED = new Verdict(true, null);
    private static final Verdict DISALLOWED = new Verdict(false, null);

    private final List<RobotsRule> rules;
    private final Verdict otherwise;
    private final Duration crawlDelay;
    private final String description;
    private final long approximateBytes;

    private RobotsRules(List<RobotsRule> rules, Verdict otherwise, Duration crawlDelay, String description) {
        this.rules = rules;
        this.otherwise = otherwise;
        this.crawlDelay = crawlDelay;
        this.description = description;
        long sum = 128 + 2L * description.length();
        for (RobotsRule r : rules) {
            sum += r.approximateBytes();
        }
        this.approximateBytes = sum;
    }

    /**
     * The rules of a robots.txt body for a product token. Never throws on the body: any bytes give
     * rules, invalid lines being ignored.
     *
     * @param body         the body as received (null reads as empty); only the first {@link #MAX_BYTES} are read
     * @param productToken the crawler's name in robots.txt, e.g. {@code bulkfetch}
     * @throws IllegalArgumentException if the token is not letters, {@code _} and {@code -} (RFC 9309 2.2.1)
     */
    public static RobotsRules parse(byte[] body, String productToken) {
        checkToken(productToken);
        RobotsTxtParser.Result r = RobotsTxtParser.parse(body == null ? new byte[0] : body, MAX_BYTES, productToken);
        String text;
        if (r.group() == null) {
            text = "robots.txt with no group for " + productToken + ": allow all";
        } else {
            int n = r.rules().size();
            text = "robots.txt of " + n + (n == 1 ? " rule" : " rules") + " for " + r.group()
                    + (r.crawlDelay() == null ? "" : ", crawl-delay " + seconds(r.crawlDelay()) + "s")
                    + (r.ignored() == 0 ? "" : ", " + r.ignored() + " ignored (over " + MAX_RULES
                    + " rules or " + MAX_PATTERN_BYTES + " bytes)");
        }
        return new RobotsRules(r.rules(), ALLOWED, r.crawlDelay(), text);
    }

    /**
     * What a fetch of /robots.txt that ended with this status means (RFC 9309 2.3.1): 2xx, the rules
     * of the body; 4xx ("unavailable", including 401, 403, 404 and 429), allow all; 5xx
     * ("unreachable"), disallow all. A 3xx that reaches here is a redirect the scheduler could not
     * follow within its limit, which 2.3.1.2 lets a crawler read as unavailable: allow all. Any other
     * status is no valid answer: disallow all, as for an unreachable robots.txt (use {@link
     * #disallowAll()} when there was no answer at all). Google reads 429 as a 5xx; this follows the RFC.
     */
    public static RobotsRules forStatus(int status, byte[] body, String productToken) {
        checkToken(productToken);
        if (status >= 200 && status <= 299) {
            return parse(body, productToken);
        }
        if (status >= 300 && status <= 499) {
            return new RobotsRules(List.of(), ALLOWED, null, "robots.txt status " + status + ": allow all");
        }
        return new RobotsRules(List.of(), DISALLOWED, null, "robots.txt status " + status + ": disallow all");
    }

    /** No rules: everything is allowed. */
    public static RobotsRules allowAll() {
        return new RobotsRules(List.of(), ALLOWED, null, "no robots.txt rules: allow all");
    }

    /** Everything but /robots.txt is disallowed: what an unreachable robots.txt means (RFC 9309 2.3.1.4). */
    public static RobotsRules disallowAll() {
        return new RobotsRules(List.of(), DISALLOWED, null, "robots.txt unreachable: disallow all");
    }

    /**
     * @param target the request target as sent on the request line: path and optional {@code ?query}
     *               (e.g. {@code /a/b?x=1}); one without a leading {@code /} is read as if it had one
     */
    public boolean allows(String target) {
        return verdict(target).allowed();
    }

    /** Whether the target may be fetched, and the rule that decided (see {@link #allows}). */
    public Verdict verdict(String target) {
        String t = RobotsPath.ofTarget(Objects.requireNonNull(target, "target"));
        if (t.equals("/robots.txt") || t.startsWith("/robots.txt?")) {
            return ALLOWED; // implicitly allowed (2.2.2): it is how a crawler learns the rules
        }
        RobotsCharSet chars = RobotsCharSet.of(t);
        for (RobotsRule r : rules) {
            if (r.matches(t, chars)) {
                return new Verdict(r.allow(), r.line());
            }
        }
        return otherwise;
    }

    /** Heap these rules hold, roughly: what a cache of many hosts' rules weighs them by. */
    public long approximateBytes() {
        return approximateBytes;
    }

    /** The largest valid Crawl-delay of the chosen groups, or null when they give none. */
    public Duration crawlDelay() {
        return crawlDelay;
    }

    /** Short text for messages, e.g. {@code robots.txt of 3 rules for *} or {@code robots.txt status 503: disallow all}. */
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    private static void checkToken(String token) {
        Objects.requireNonNull(token, "productToken");
        boolean valid = !token.isEmpty();
        for (int i = 0; i < token.length() && valid; i++) {
            valid = RobotsTxtParser.isTokenChar(token.charAt(i));
        }
        if (!valid) {
            throw new IllegalArgumentException("robots.txt product token must be letters, _ and -: \"" + token + "\"");
        }
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }
}
