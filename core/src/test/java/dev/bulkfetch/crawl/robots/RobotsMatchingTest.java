package dev.bulkfetch.crawl.robots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static dev.bulkfetch.crawl.robots.RobotsRulesTest.robots;
import static dev.bulkfetch.crawl.robots.RobotsRulesTest.robotsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How one rule's path pattern matches request targets: from the first octet, {@code *} and a final
 * {@code $} (RFC 9309 2.2.3 and the tables of Google's robots.txt documentation), the longest match
 * deciding and allow winning ties (2.2.2, 5.2), and comparison in the percent-encoding normal form
 * (the table of 2.2.2).
 */
class RobotsMatchingTest {

    @Test
    void slashMatchesEverythingAndSlashDollarOnlyTheRoot() {
        assertPattern("/", List.of("/", "/a", "/a/b?c=d"), List.of());
        assertPattern("/*", List.of("/", "/a", "/a/b?c=d"), List.of());
        assertPattern("/$", List.of("/"), List.of("/a", "/?x=1"));
    }

    @Test
    void aPlainPatternMatchesEveryTargetItPrefixes() {
        List<String> fish = List.of("/fish", "/fish.html", "/fish/salmon.html", "/fishheads", "/fishheads/yummy.html",
                "/fish.php?id=anything");
        List<String> notFish = List.of("/Fish.asp", "/catfish", "/?id=fish", "/desert/fish");
        assertPattern("/fish", fish, notFish);
        assertPattern("/fish*", fish, notFish);
        assertPattern("/fish/", List.of("/fish/", "/fish/?id=anything", "/fish/salmon.htm"),
                List.of("/fish", "/fish.html", "/animals/fish/", "/Fish/Salmon.asp"));
    }

    @Test
    void aStarMatchesAnyRunOfCharactersIncludingSlashes() {
        assertPattern("/*.php", List.of("/index.php", "/filename.php", "/folder/filename.php",
                "/folder/filename.php?parameters", "/folder/any.php.file.html", "/filename.php/"),
                List.of("/", "/windows.PHP"));
        assertPattern("/fish*.php", List.of("/fish.php", "/fishheads/catfish.php?parameters"), List.of("/Fish.PHP"));
        assertPattern("/this/*/exactly", List.of("/this/a/exactly", "/this/a/b/exactly/too"), List.of("/this/exactly"));
        assertPattern("/a**b", List.of("/ab", "/axxb"), List.of("/a"));
    }

    @Test
    void aFinalDollarAnchorsTheEnd() {
        assertPattern("/*.php$", List.of("/filename.php", "/folder/filename.php"),
                List.of("/filename.php?parameters", "/filename.php/", "/filename.php5", "/windows.PHP"));
        assertPattern("/this/path/exactly$", List.of("/this/path/exactly"), List.of("/this/path/exactly/", "/this/path"));
        assertPattern("/a*$", List.of("/a", "/abc"), List.of("/b"));
        assertPattern("/*ab$", List.of("/ab", "/abab", "/aab"), List.of("/aba", "/b"));
    }

    @Test
    void aDollarBeforeTheEndIsALiteralDollar() {
        assertPattern("/a$b", List.of("/a$b", "/a%24b", "/a$bc"), List.of("/a", "/ab", "/aXb"));
    }

    @Test
    void percentEncodedStarAndDollarMatchThoseCharactersVerbatim() {
        // RFC 9309 2.2.3
        assertPattern("/path/file-with-a-%2A.html", List.of("/path/file-with-a-*.html", "/path/file-with-a-%2a.html"),
                List.of("/path/file-with-a-b.html"));
        assertPattern("/path/foo-%24", List.of("/path/foo-$", "/path/foo-%24"), List.of("/path/foo-", "/path/foo-x"));
    }

    @Test
    void aPatternStartingWithAStarNeedsNoSlash() {
        // RFC 9309 5.1: "Disallow: *.gif$"
        assertPattern("*.gif$", List.of("/a.gif", "/x/y.gif"), List.of("/a.gif?x", "/a.gifs"));
    }

    @Test
    void aPatternWithoutLeadingSlashIsReadAsIfItHadOne() {
        assertPattern("private/", List.of("/private/", "/private/x"), List.of("/x/private/", "/privates"));
        assertPattern("$", List.of("/"), List.of("/a"));
    }

    @Test
    void matchingIsCaseSensitive() {
        assertPattern("/Private", List.of("/Private"), List.of("/private", "/PRIVATE"));
    }

    @Test
    void theQueryIsPartOfTheTarget() {
        assertPattern("/*?sessionid=", List.of("/a?sessionid=1", "/?sessionid="), List.of("/a?session=1", "/a"));
        assertPattern("/search?q=", List.of("/search?q=x"), List.of("/search", "/search/?q=x"));
    }

    @Test
    void anEmptyTargetIsTheRoot() {
        assertPattern("/$", List.of(""), List.of());
    }

    @Test
    void theLongestMatchDecides() {
        // RFC 9309 5.2
        RobotsRules r = robotsFor("foobot", "User-Agent: foobot", "Allow: /example/page/",
                "Disallow: /example/page/disallowed.gif");
        assertFalse(r.allows("/example/page/disallowed.gif"));
        assertTrue(r.allows("/example/page/other.gif"));
        // the order of lines does not matter, only the length
        RobotsRules reversed = robotsFor("foobot", "User-Agent: foobot", "Disallow: /example/page/disallowed.gif",
                "Allow: /example/page/");
        assertFalse(reversed.allows("/example/page/disallowed.gif"));
        assertTrue(reversed.allows("/example/page/other.gif"));
    }

    @Test
    void longestMatchCountsStarsAndDollarsLikeOtherOctets() {
        // Google's documentation: the precedence examples
        assertTrue(robots("User-agent: *", "Allow: /p", "Disallow: /").allows("/page"));
        assertFalse(robots("User-agent: *", "Allow: /page", "Disallow: /*.htm").allows("/page.htm"));
        assertTrue(robots("User-agent: *", "Allow: /$", "Disallow: /").allows("/"));
        assertFalse(robots("User-agent: *", "Allow: /$", "Disallow: /").allows("/page.htm"));
    }

    @Test
    void anAllowWinsATieWithADisallowOfTheSameLength() {
        assertTrue(robots("User-agent: *", "Disallow: /folder", "Allow: /folder").allows("/folder/page"));
        assertTrue(robots("User-agent: *", "Allow: /page", "Disallow: /*.ph").allows("/page.php5"));
        RobotsRules.Verdict v = robots("User-agent: *", "Disallow: /folder", "Allow: /folder").verdict("/folder/page");
        assertEquals(new RobotsRules.Verdict(true, "Allow: /folder"), v);
    }

    @Test
    void lengthIsMeasuredInTheNormalForm() {
        // "/%62%61%7A" is "/baz" (4 octets), shorter than "/baz*" (5 octets)
        RobotsRules r = robots("User-agent: *", "Allow: /%62%61%7A", "Disallow: /baz*");
        assertEquals(new RobotsRules.Verdict(false, "Disallow: /baz*"), r.verdict("/baz"));
        // "/caf\u00e9" is "/caf%C3%A9" (10 octets, not 5), longer than "/*%C3%A9" (8 octets)
        RobotsRules u = robots("User-agent: *", "Disallow: /*%C3%A9", "Allow: /caf\u00e9");
        assertEquals(new RobotsRules.Verdict(true, "Allow: /caf\u00e9"), u.verdict("/caf\u00e9"));
        assertFalse(u.allows("/th\u00e9"));
    }

    @Test
    void rfc9309PercentEncodingTable() {
        // RFC 9309 2.2.2: each row's path (as written in robots.txt) matches the "path to match"
        assertPattern("/foo/bar?baz=quz", List.of("/foo/bar?baz=quz"), List.of("/foo/bar?baz=qux"));
        assertPattern("/foo/bar?baz=https%3A%2F%2Ffoo.bar",
                List.of("/foo/bar?baz=https%3A%2F%2Ffoo.bar", "/foo/bar?baz=https%3a%2f%2ffoo.bar"), List.of());
        assertPattern("/foo/bar/\u30c4", List.of("/foo/bar/%E3%83%84", "/foo/bar/%e3%83%84", "/foo/bar/\u30c4"),
                List.of("/foo/bar/"));
        assertPattern("/foo/bar/%E3%83%84", List.of("/foo/bar/%E3%83%84", "/foo/bar/%e3%83%84", "/foo/bar/\u30c4"),
                List.of("/foo/bar/"));
        assertPattern("/foo/bar/%62%61%7A", List.of("/foo/bar/baz", "/foo/bar/%62%61%7a"), List.of("/foo/bar/ba"));
        assertPattern("/foo/bar/baz", List.of("/foo/bar/%62%61%7A"), List.of());
    }

    @Test
    void reservedCharactersAreNeverDecodedOrEncoded() {
        // %2F and / are different resources (RFC 3986 2.2), so the RFC 9309 table's raw
        // "https://foo.bar" is not made equal to its encoded form
        assertPattern("/a%2Fb", List.of("/a%2Fb", "/a%2fb"), List.of("/a/b"));
        assertPattern("/a/b", List.of("/a/b"), List.of("/a%2Fb"));
        assertPattern("/foo/bar?baz=https%3A%2F%2Ffoo.bar", List.of(), List.of("/foo/bar?baz=https://foo.bar"));
    }

    @Test
    void unreservedCharactersAreDecodedOnBothSides() {
        assertPattern("/%7Euser/%41", List.of("/~user/A", "/%7euser/%41"), List.of("/~user/a"));
        assertPattern("/~user", List.of("/%7Euser", "/%7euser"), List.of());
    }

    @Test
    void invalidUtf8InAPatternMatchesItsOctetsPercentEncoded() {
        byte[] body = "User-agent: *\nDisallow: /x\u0000\n".getBytes(StandardCharsets.ISO_8859_1);
        body[body.length - 2] = (byte) 0xFF;
        RobotsRules r = RobotsRules.parse(body, "bulkfetch");
        assertFalse(r.allows("/x%FF"));
        assertFalse(r.allows("/x%ff/more"));
        assertTrue(r.allows("/x"));
    }

    @Test
    void spacesAndStrayPercentSignsCompareInEncodedForm() {
        assertPattern("/a b", List.of("/a%20b", "/a b"), List.of("/a"));
        assertPattern("/100%", List.of("/100%25", "/100%"), List.of("/100"));
        assertPattern("/%zz", List.of("/%25zz", "/%zz"), List.of("/zz"));
    }

    @Test
    void normalFormOfTargets() {
        assertEquals("/", RobotsPath.ofTarget(""));
        assertEquals("/a/b?x=1", RobotsPath.ofTarget("/a/b?x=1"));
        assertEquals("/~A-._", RobotsPath.ofTarget("/%7e%41%2D%2e%5f"));
        assertEquals("/%2F%3A%3F%23", RobotsPath.ofTarget("/%2f%3a%3f%23"));
        assertEquals("/caf%C3%A9", RobotsPath.ofTarget("/caf\u00e9"));
        assertEquals("/%2A%24%23%25%20%7F", RobotsPath.ofTarget("/*$#% \u007f"));
        assertEquals("/%F0%9F%98%80", RobotsPath.ofTarget("/\ud83d\ude00"));
        assertEquals("/%25", RobotsPath.ofTarget("/%"));
        assertEquals("/?q=1", RobotsPath.ofTarget("?q=1"));
        assertEquals("/a", RobotsPath.ofTarget("a"));
        assertEquals("/%2Fa", RobotsPath.ofTarget("%2fa"));
    }

    @Test
    @Timeout(10)
    void aPathologicalPatternAgainstALongTargetFinishes() {
        String target = "/" + "a".repeat(200_000);
        RobotsRules r = robots("User-agent: *", "Disallow: /*a*a*a*a*a*a*a*a*a*a*a*b", "Disallow: /*a*a*a*a*a*a*a*a*a*a*a*b$",
                "Disallow: /" + "*a".repeat(5_000) + "*b");
        assertTrue(r.allows(target));
        assertFalse(r.allows(target + "b"));
    }

    @Test
    void manyStarsGiveTheRightAnswerEitherWay() {
        String stars = "/" + "*a".repeat(15) + "*b";
        String as = "/" + "a".repeat(2_000);
        assertPattern(stars, List.of(as + "b", as + "bc", "/" + "a".repeat(15) + "b"),
                List.of(as, "/" + "a".repeat(14) + "b", "/b" + as));
        assertPattern(stars + "$", List.of(as + "b", "/ab" + as + "b"), List.of(as + "bc", as));
    }

    @Test
    void aLongSelfSimilarLiteralIsFoundWhereverItIs() {
        String literal = "ab".repeat(20) + "abc"; // long enough for the linear search, overlapping itself
        String pattern = "/*" + literal + "*z";
        assertPattern(pattern, List.of("/" + literal + "z", "/" + "ab".repeat(500) + "c/z", "/x" + "aba" + literal + "yz"),
                List.of("/" + "ab".repeat(500) + "z", "/" + literal.substring(1) + "z", "/" + literal, "/z" + literal));
        assertPattern("/*" + literal + "$", List.of("/" + "ab".repeat(500) + "c"), List.of("/" + "ab".repeat(500) + "cc"));
    }

    @Test
    void theLinearSearchFindsWhatIndexOfFinds() {
        SplittableRandom random = new SplittableRandom(9309);
        for (int i = 0; i < 20_000; i++) {
            String literal = randomAb(random, RobotsLiteral.SHORT + 1 + random.nextInt(8));
            String target = randomAb(random, random.nextInt(200));
            int from = random.nextInt(target.length() + 1);
            assertEquals(target.indexOf(literal, from), new RobotsLiteral(literal).find(target, from),
                    literal + " in " + target + " from " + from);
        }
    }

    /** Mostly a's, so that long partial matches are common. */
    private static String randomAb(SplittableRandom random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(random.nextInt(6) == 0 ? 'b' : 'a');
        }
        return sb.toString();
    }

    @Test
    @Timeout(5)
    void aHostileFileCostsLittlePerCheck() {
        // 500 KiB of star-heavy and long self-similar patterns against a long path of a's: before the
        // linear search and the quick rejections each check took about 80 ms, 80 s for these 1,000
        StringBuilder file = new StringBuilder("User-agent: *\n");
        for (int i = 0; file.length() < RobotsRules.MAX_BYTES - 300; i++) {
            file.append(i % 2 == 0 ? "Disallow: /*" + "a".repeat(100 + i % 100) + "b" + i
                    : "Disallow: /" + "*a".repeat(1 + i % 120) + "*b" + i).append('\n');
        }
        RobotsRules r = RobotsRules.parse(file.toString().getBytes(StandardCharsets.US_ASCII), "bulkfetch");
        String as = "/" + "a".repeat(2_000);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(r.allows(as + "/" + i));
        }
        assertFalse(r.allows(as + "b1"));
        assertFalse(r.allows(as + "b0"));
    }

    /** Whether a rule with this pattern, alone in a * group, matches exactly the given targets. */
    private static void assertPattern(String pattern, List<String> matching, List<String> notMatching) {
        RobotsRules r = robots("User-agent: *", "Disallow: " + pattern);
        for (String t : matching) {
            assertEquals(new RobotsRules.Verdict(false, "Disallow: " + pattern), r.verdict(t),
                    "pattern " + pattern + " matches " + t);
        }
        for (String t : notMatching) {
            assertEquals(new RobotsRules.Verdict(true, null), r.verdict(t), "pattern " + pattern + " does not match " + t);
        }
    }
}
