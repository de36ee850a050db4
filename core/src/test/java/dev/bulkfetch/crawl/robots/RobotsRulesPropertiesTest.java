package dev.bulkfetch.crawl.robots;

import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import dev.bulkfetch.property.Shrink;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of robots.txt: the matcher agrees with a naive regex reference on random rules and
 * targets over a small alphabet (longest match, allow on ties), any bytes give rules without an
 * exception, and the normal form of a target is stable and matched exactly by a rule that spells it.
 */
class RobotsRulesPropertiesTest {

    /** A random group of rules and a target: what the reference and the matcher both decide on. */
    record Case(List<String> lines, String target) {
        String text() {
            return "User-agent: *\n" + String.join("\n", lines) + "\n";
        }
    }

    @Test
    void theMatcherAgreesWithARegexReference() {
        Property.Outcomes o = Property.forAll("matcher vs regex", RobotsRulesPropertiesTest::randomCase)
                .tries(4000)
                .show(c -> c.text() + "target " + c.target())
                .check(c -> {
                    RobotsRules.Verdict v = RobotsRules.parse(c.text().getBytes(StandardCharsets.UTF_8), "bulkfetch")
                            .verdict(c.target());
                    List<String> deciding = reference(c.lines(), c.target());
                    if (deciding.isEmpty()) {
                        assertEquals(new RobotsRules.Verdict(true, null), v);
                        return "no match";
                    }
                    boolean allowed = deciding.get(0).startsWith("Allow");
                    assertEquals(allowed, v.allowed(), "deciding lines " + deciding);
                    assertTrue(deciding.contains(v.rule()), v.rule() + " is one of " + deciding);
                    return allowed ? "allowed by a rule" : "disallowed by a rule";
                });
        assertTrue(o.count("no match") > 200 && o.count("allowed by a rule") > 200 && o.count("disallowed by a rule") > 200,
                o.toString());
    }

    @Test
    void anyBytesGiveRulesAndVerdictsWithoutAnException() {
        Property.Outcomes o = Property.forAll("any robots.txt bytes", RobotsRulesPropertiesTest::robotsish)
                .tries(2000)
                .shrinking(Shrink::bytes)
                .check(body -> {
                    RobotsRules r = RobotsRules.parse(body, "bulkfetch");
                    assertNotNull(r.describe());
                    assertTrue(r.crawlDelay() == null || !r.crawlDelay().isNegative());
                    SplittableRandom random = new SplittableRandom(body.length);
                    for (int i = 0; i < 5; i++) {
                        RobotsRules.Verdict v = r.verdict(Gen.chance(random, 0.5) ? Gen.anyString(random, 40)
                                : Gen.from(random, "/ab%2F*$?=.", 0, 12));
                        assertTrue(v.allowed() || v.rule() != null, "a disallow of parsed rules names its rule");
                    }
                    assertTrue(r.allows("/robots.txt"));
                    return r.describe().contains(" no group ") ? "no group" : r.describe().contains(" 0 rules") ? "no rules"
                            : "rules";
                });
        assertTrue(o.count("no group") > 0 && o.count("no rules") > 0 && o.count("rules") > 100, o.toString());
    }

    @Test
    void aTargetsNormalFormIsStableAndARuleSpellingItMatchesIt() {
        Property.forAll("normal form of targets", r -> Gen.chance(r, 0.5) ? Gen.anyString(r, 60)
                        : Gen.from(r, "/aZ09-._~%2fA*$# ?\u00e9", 0, 20))
                .tries(3000)
                .shrinking(Shrink::string)
                .show(Property.Show::string)
                .check(t -> {
                    String n = RobotsPath.ofTarget(t);
                    assertEquals(n, RobotsPath.ofTarget(n), "normalising twice changes nothing");
                    assertTrue(n.startsWith("/"), n);
                    assertTrue(n.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '*' && c != '$' && c != '#'), n);
                    RobotsRules exact = RobotsRulesTest.robots("User-agent: *", "Disallow: " + n + "$");
                    if (n.equals("/robots.txt") || n.startsWith("/robots.txt?")) {
                        assertTrue(exact.allows(t));
                        return "robots.txt";
                    }
                    RobotsRules.Verdict v = exact.verdict(t);
                    String line = "Disallow: " + n + "$";
                    assertFalse(v.allowed());
                    assertTrue(v.rule().equals(line)
                            || v.rule().endsWith("...") && line.startsWith(v.rule().substring(0, v.rule().length() - 3)),
                            "the verdict names the line, cut if long: " + v.rule());
                    assertTrue(exact.allows(t + "x"), "the $ anchors the end");
                    return n.equals(t) ? "already normal" : "normalised";
                });
    }

    private static Case randomCase(SplittableRandom r) {
        List<String> lines = new ArrayList<>();
        for (int i = Gen.between(r, 0, 6); i > 0; i--) {
            String pattern = Gen.from(r, "/ab*$", 0, 8);
            lines.add((Gen.chance(r, 0.5) ? "Allow: " : "Disallow: ") + pattern);
        }
        return new Case(lines, Gen.from(r, "/ab$", 0, 10));
    }

    /**
     * The lines that decide, by brute force: every rule as a regex, the matching ones of the most
     * octets in normal form ({@code $} inside a pattern is {@code %24}, three octets), allows first
     * if any; empty when no rule matches.
     */
    private static List<String> reference(List<String> lines, String target) {
        String t = target.startsWith("/") ? target : "/" + target;
        List<String> best = new ArrayList<>();
        int bestLength = -1;
        boolean bestAllows = false;
        for (String line : lines) {
            boolean allow = line.startsWith("Allow");
            String p = line.substring(line.indexOf(':') + 2);
            if (p.isEmpty()) {
                continue;
            }
            if (!p.startsWith("/") && !p.startsWith("*")) {
                p = "/" + p;
            }
            boolean anchored = p.endsWith("$");
            String body = anchored ? p.substring(0, p.length() - 1) : p;
            StringBuilder regex = new StringBuilder();
            for (char c : body.toCharArray()) {
                regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
            }
            var m = Pattern.compile(regex.toString()).matcher(t);
            if (!(anchored ? m.matches() : m.lookingAt())) {
                continue;
            }
            int length = p.length() + 2 * (int) body.chars().filter(c -> c == '$').count();
            if (length > bestLength || (length == bestLength && allow && !bestAllows)) {
                best.clear();
                bestLength = length;
                bestAllows = allow;
            }
            if (length == bestLength && allow == bestAllows) {
                best.add(line);
            }
        }
        return best;
    }

    /** Robots.txt-like text with junk: real keys and odd values, random lines, invalid UTF-8, any line ending. */
    private static byte[] robotsish(SplittableRandom r) {
        if (Gen.chance(r, 0.1)) {
            return Gen.bytes(r, 400);
        }
        StringBuilder sb = new StringBuilder();
        if (Gen.chance(r, 0.1)) {
            sb.append('\uFEFF');
        }
        if (Gen.chance(r, 0.5)) {
            sb.append(Gen.pick(r, "User-agent: *\n", "user-agent: bulkfetch\r\n"));
        }
        for (int i = Gen.size(r, 20); i > 0; i--) {
            String key = Gen.pick(r, "User-agent", "user-AGENT", "Allow", "Disallow", "Crawl-delay", "Sitemap", "", "x");
            String value = switch (r.nextInt(6)) {
                case 0 -> Gen.pick(r, "*", "bulkfetch", "BulkFetch/1.0", "other", "* x", "");
                case 1 -> Gen.from(r, "/ab*$%2F", 0, 12);
                case 2 -> Gen.pick(r, "10", "0.5", "-1", "1e9", ".", "99999999999999999999", "1.0000000001");
                default -> Gen.anyString(r, 30);
            };
            sb.append(Gen.pick(r, "", " ", "\t")).append(key).append(Gen.pick(r, ":", " :", "", "::"))
                    .append(Gen.pick(r, "", " ")).append(value).append(Gen.chance(r, 0.1) ? " # c" : "")
                    .append(Gen.pick(r, "\n", "\r\n", "\r", "\n\n"));
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (Gen.chance(r, 0.3)) {
            for (int i = Gen.between(r, 1, 4); i > 0 && text.length > 0; i--) {
                text[r.nextInt(text.length)] = (byte) (int) Gen.pick(r, 0x80, 0xFF, 0xC3, 0xED, 0x00, 0x23, 0x3A, 0x0D);
            }
        }
        return text;
    }
}
