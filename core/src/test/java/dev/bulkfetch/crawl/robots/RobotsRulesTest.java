package dev.bulkfetch.crawl.robots;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading robots.txt (RFC 9309): lines, groups and the choice of group for a product token, what the
 * status of the fetch means, the 500 KiB cap, Crawl-delay, and the texts messages are made of.
 * Pattern matching itself is pinned by {@link RobotsMatchingTest}.
 */
class RobotsRulesTest {

    /** The rules for bulkfetch of a robots.txt made of these lines. */
    static RobotsRules robots(String... lines) {
        return robotsFor("bulkfetch", lines);
    }

    static RobotsRules robotsFor(String token, String... lines) {
        return RobotsRules.parse((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), token);
    }

    @Test
    void rfc9309SimpleExample() {
        // RFC 9309 5.1
        String[] file = {
                "User-Agent: *",
                "Disallow: *.gif$",
                "Disallow: /example/",
                "Allow: /publications/",
                "",
                "User-Agent: foobot",
                "Disallow:/",
                "Allow:/example/page.html",
                "Allow:/example/allowed.gif",
                "",
                "User-Agent: barbot",
                "User-Agent: bazbot",
                "Disallow: /example/page.html",
                "",
                "User-Agent: quxbot",
                "",
                "EOF"};
        RobotsRules other = robotsFor("otherbot", file);
        assertFalse(other.allows("/a.gif"));
        assertFalse(other.allows("/example/x"));
        assertTrue(other.allows("/publications/x"));
        assertTrue(other.allows("/x"));

        RobotsRules foobot = robotsFor("foobot", file);
        assertTrue(foobot.allows("/example/page.html"));
        assertTrue(foobot.allows("/example/allowed.gif"));
        assertFalse(foobot.allows("/example/other.html"));
        assertFalse(foobot.allows("/publications/x"));

        for (String token : new String[] {"barbot", "bazbot"}) {
            RobotsRules r = robotsFor(token, file);
            assertFalse(r.allows("/example/page.html"), token);
            assertTrue(r.allows("/example/other.html"), token);
            assertTrue(r.allows("/a.gif"), token + " has a group of its own: the * group does not apply");
        }

        RobotsRules quxbot = robotsFor("quxbot", file);
        assertTrue(quxbot.allows("/a.gif"));
        assertTrue(quxbot.allows("/example/page.html"));
        assertEquals("robots.txt of 0 rules for quxbot", quxbot.describe());
    }

    @Test
    void groupsNamingTheTokenAreMerged() {
        // RFC 9309 2.2.1, first table
        RobotsRules r = robotsFor("ExampleBot", "user-agent: ExampleBot", "disallow: /foo", "disallow: /bar", "",
                "user-agent: ExampleBot", "disallow: /baz");
        assertFalse(r.allows("/foo"));
        assertFalse(r.allows("/bar"));
        assertFalse(r.allows("/baz"));
        assertTrue(r.allows("/qux"));
        assertEquals("robots.txt of 3 rules for ExampleBot", r.describe());
    }

    @Test
    void withoutAGroupNamingTheTokenTheStarGroupsApplyMerged() {
        // RFC 9309 2.2.1, second table, plus a second * group
        RobotsRules r = robotsFor("ExampleBot", "user-agent: *", "disallow: /foo", "disallow: /bar", "",
                "user-agent: BazBot", "disallow: /baz", "", "user-agent: *", "disallow: /qux");
        assertFalse(r.allows("/foo"));
        assertFalse(r.allows("/bar"));
        assertTrue(r.allows("/baz"));
        assertFalse(r.allows("/qux"));
        assertEquals("robots.txt of 3 rules for *", r.describe());
    }

    @Test
    void withoutAnyApplicableGroupEverythingIsAllowed() {
        RobotsRules r = robots("User-agent: otherbot", "Disallow: /");
        assertTrue(r.allows("/"));
        assertTrue(r.allows("/x"));
        assertEquals("robots.txt with no group for bulkfetch: allow all", r.describe());
        assertTrue(robots("").allows("/x"));
        assertTrue(RobotsRules.parse(null, "bulkfetch").allows("/x"));
        assertTrue(RobotsRules.parse(new byte[0], "bulkfetch").allows("/x"));
    }

    @Test
    void aGroupNamingTheTokenWinsOverTheStarGroupEvenWithoutRules() {
        RobotsRules r = robots("User-agent: *", "Disallow: /", "", "User-agent: bulkfetch", "");
        assertTrue(r.allows("/anything"));
        assertFalse(robotsFor("otherbot", "User-agent: *", "Disallow: /", "", "User-agent: bulkfetch").allows("/x"));
    }

    @Test
    void theTokenIsMatchedIgnoringCaseAndAnythingAfterTheName() {
        assertFalse(robots("User-Agent: BULKFETCH", "Disallow: /").allows("/x"));
        assertFalse(robots("user-agent: BulkFetch/2.1 (+https://example.com/bot)", "Disallow: /").allows("/x"));
        assertFalse(robots("user-agent: bulkfetch 1.0", "Disallow: /").allows("/x"));
        assertFalse(robotsFor("BulkFetch", "user-agent: bulkfetch", "Disallow: /").allows("/x"));
    }

    @Test
    void aLongerOrShorterNameIsAnotherCrawler() {
        String[] file = {"User-agent: bulkfetchbot", "User-agent: bulk", "User-agent: xbulkfetch", "Disallow: /"};
        assertTrue(robots(file).allows("/x"));
        assertEquals("robots.txt with no group for bulkfetch: allow all", robots(file).describe());
    }

    @Test
    void aStarFollowedBySpaceAndTextIsStillTheStarGroup() {
        assertFalse(robots("User-agent: * # everyone", "Disallow: /").allows("/x"));
        assertFalse(robots("User-agent: * everyone else", "Disallow: /").allows("/x"));
        assertTrue(robots("User-agent: *bot", "Disallow: /").allows("/x"));
    }

    @Test
    void consecutiveUserAgentLinesShareTheirRules() {
        String[] file = {"User-agent: a", "", "# a comment", "User-agent: bulkfetch", "Sitemap: https://example.com/s.xml",
                "User-agent: c", "Disallow: /x"};
        assertFalse(robots(file).allows("/x"));
        assertFalse(robotsFor("a", file).allows("/x"));
        assertFalse(robotsFor("c", file).allows("/x"));
    }

    @Test
    void aUserAgentLineAfterARuleStartsANewGroup() {
        RobotsRules r = robots("User-agent: bulkfetch", "Disallow: /mine", "User-agent: other", "Disallow: /theirs");
        assertFalse(r.allows("/mine"));
        assertTrue(r.allows("/theirs"));
        assertEquals("robots.txt of 1 rule for bulkfetch", r.describe());
    }

    @Test
    void otherRecordsNeitherEndAGroupNorStartOne() {
        RobotsRules r = robots("User-agent: bulkfetch", "Disallow: /a", "Sitemap: https://example.com/s.xml",
                "Host: example.com", "Crawl-delay: 1", "Disallow: /b");
        assertFalse(r.allows("/a"));
        assertFalse(r.allows("/b"));
    }

    @Test
    void anEmptyDisallowIsNoRuleButEndsTheUserAgentLines() {
        assertTrue(robots("User-agent: *", "Disallow:").allows("/x"));
        assertTrue(robots("User-agent: *", "Disallow:   # nothing").allows("/x"));
        assertTrue(robots("User-agent: *", "Allow:", "Disallow: /x").allows("/y"));
        assertEquals("robots.txt of 0 rules for *", robots("User-agent: *", "Disallow:").describe());
        // "other" starts a group of its own, so its Disallow: / is not bulkfetch's
        assertTrue(robots("User-agent: bulkfetch", "Disallow:", "User-agent: other", "Disallow: /").allows("/x"));
    }

    @Test
    void rulesBeforeAnyUserAgentLineAreIgnored() {
        RobotsRules r = robots("Disallow: /", "Crawl-delay: 9", "User-agent: *", "Disallow: /x");
        assertTrue(r.allows("/y"));
        assertFalse(r.allows("/x"));
        assertNull(r.crawlDelay());
    }

    @Test
    void keysIgnoreCaseAndSpacesAroundKeysAndValuesAreIgnored() {
        RobotsRules r = robots("  uSeR-aGeNt \t:\t bulkfetch  ", "\tDISALLOW :/a \t", "disallow:/b", "DisAllow   :   /c   ",
                "aLLow: /c/open");
        assertFalse(r.allows("/a"));
        assertFalse(r.allows("/b"));
        assertFalse(r.allows("/c"));
        assertTrue(r.allows("/c/open"));
        assertEquals(new RobotsRules.Verdict(false, "Disallow: /a"), r.verdict("/a/1"));
    }

    @Test
    void aHashStartsACommentAnywhereOnALine() {
        RobotsRules r = robots("# full-line comment", "User-agent: bulkfetch # trailing", "# between", "Disallow: /a # why",
                "Disallow: /b#c", "#Disallow: /d");
        assertFalse(r.allows("/a"));
        assertFalse(r.allows("/b"));
        assertFalse(r.allows("/bx"));
        assertTrue(r.allows("/d"));
        assertEquals(new RobotsRules.Verdict(false, "Disallow: /b"), r.verdict("/b"));
    }

    @Test
    void crLfAndCrLfLineEndingsAllWork() {
        for (String nl : new String[] {"\n", "\r", "\r\n", "\n\r"}) {
            byte[] body = ("User-agent: *" + nl + "Disallow: /a" + nl + nl + "Allow: /a/b" + nl + "Disallow: /c")
                    .getBytes(StandardCharsets.UTF_8);
            RobotsRules r = RobotsRules.parse(body, "bulkfetch");
            String what = "line ending " + nl.replace("\r", "CR").replace("\n", "LF");
            assertFalse(r.allows("/a"), what);
            assertTrue(r.allows("/a/b"), what);
            assertFalse(r.allows("/c"), what + ": the last line needs no ending");
            assertEquals("robots.txt of 3 rules for *", r.describe(), what);
        }
        byte[] mixed = "User-agent: *\r\nDisallow: /a\rDisallow: /b\nDisallow: /c".getBytes(StandardCharsets.UTF_8);
        assertEquals("robots.txt of 3 rules for *", RobotsRules.parse(mixed, "bulkfetch").describe());
    }

    @Test
    void aLeadingByteOrderMarkIsSkipped() {
        byte[] text = "User-agent: *\nDisallow: /x\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);
        assertFalse(RobotsRules.parse(body, "bulkfetch").allows("/x"));
    }

    @Test
    void linesWithoutAColonAndUnknownKeysAreIgnored() {
        RobotsRules r = robots("User-agent: *", "Disallow /a", "Disallow", "Sitemap: https://example.com/s.xml",
                "Noindex: /b", "Request-rate: 1/5", ": /c", "Disallow: /d");
        assertTrue(r.allows("/a"));
        assertTrue(r.allows("/b"));
        assertTrue(r.allows("/c"));
        assertFalse(r.allows("/d"));
        assertEquals("robots.txt of 1 rule for *", r.describe());
    }

    @Test
    void misspelledKeysAreNotAccepted() {
        assertTrue(robots("User-agent: *", "Dissallow: /a", "Disalow: /a", "Disallows: /a", "Allowed: /a").allows("/a"));
        assertTrue(robots("Useragent: *", "Disallow: /a").allows("/a"));
        assertTrue(robots("User agent: *", "Disallow: /a").allows("/a"));
        assertTrue(robots("User-agents: *", "Disallow: /a").allows("/a"));
    }

    @Test
    void garbageBytesAreIgnoredAndTheRestStillRead() {
        byte[] junk = {0, (byte) 0xFF, (byte) 0xFE, ':', (byte) 0xC3, '\n', (byte) 0x80, ':', ':', 0x1B, '\r', (byte) 0xED,
                (byte) 0xA0, (byte) 0x80, '#', (byte) 0xF4, '\n'};
        byte[] text = "User-agent: *\nDisallow: /x\nDisallow: /\u00ff\u0000y\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[junk.length * 2 + text.length];
        System.arraycopy(junk, 0, body, 0, junk.length);
        System.arraycopy(text, 0, body, junk.length, text.length);
        System.arraycopy(junk, 0, body, junk.length + text.length, junk.length);
        RobotsRules r = RobotsRules.parse(body, "bulkfetch");
        assertFalse(r.allows("/x"));
        assertFalse(r.allows("/%FF%00y"));
        assertTrue(r.allows("/y"));
        assertEquals(new RobotsRules.Verdict(false, "Disallow: /\ufffd\ufffdy"), r.verdict("/%ff%00y"));
    }

    @Test
    void theStatusOfTheFetchDecidesWhetherTheBodyCounts() {
        byte[] body = "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8);
        for (int status : new int[] {200, 203, 299}) {
            RobotsRules r = RobotsRules.forStatus(status, body, "bulkfetch");
            assertFalse(r.allows("/private/x"), "status " + status);
            assertTrue(r.allows("/public"), "status " + status);
        }
        for (int status : new int[] {301, 400, 401, 403, 404, 410, 429, 499}) {
            RobotsRules r = RobotsRules.forStatus(status, body, "bulkfetch");
            assertTrue(r.allows("/private/x"), "status " + status);
            assertEquals("robots.txt status " + status + ": allow all", r.describe());
        }
        for (int status : new int[] {500, 502, 503, 599, 100, 600, 0, -1}) {
            RobotsRules r = RobotsRules.forStatus(status, body, "bulkfetch");
            assertFalse(r.allows("/public"), "status " + status);
            assertEquals(new RobotsRules.Verdict(false, null), r.verdict("/public"));
            assertEquals("robots.txt status " + status + ": disallow all", r.describe());
        }
        assertTrue(RobotsRules.forStatus(204, null, "bulkfetch").allows("/x"));
    }

    @Test
    void allowAllAndDisallowAll() {
        assertTrue(RobotsRules.allowAll().allows("/x"));
        assertEquals(new RobotsRules.Verdict(true, null), RobotsRules.allowAll().verdict("/x"));
        assertEquals("no robots.txt rules: allow all", RobotsRules.allowAll().describe());
        assertFalse(RobotsRules.disallowAll().allows("/"));
        assertFalse(RobotsRules.disallowAll().allows("/x?y"));
        assertEquals("robots.txt unreachable: disallow all", RobotsRules.disallowAll().describe());
        assertNull(RobotsRules.disallowAll().crawlDelay());
    }

    @Test
    void robotsTxtItselfIsAlwaysAllowed() {
        for (RobotsRules r : new RobotsRules[] {robots("User-agent: *", "Disallow: /"),
                robots("User-agent: *", "Disallow: /robots.txt$", "Disallow: /robots", "Disallow: /a/"),
                RobotsRules.disallowAll(),
                RobotsRules.forStatus(503, null, "bulkfetch")}) {
            assertEquals(new RobotsRules.Verdict(true, null), r.verdict("/robots.txt"), r.describe());
            assertTrue(r.allows("/robots.txt?v=2"), r.describe());
            assertTrue(r.allows("/robots%2etxt"), r.describe());
            assertFalse(r.allows("/robots.txt.bak"), r.describe());
            assertFalse(r.allows("/a/robots.txt"), r.describe());
        }
    }

    @Test
    void aDisallowBeforeTheCapIsKeptAndOneAfterItIgnored() {
        StringBuilder sb = new StringBuilder("User-agent: *\nDisallow: /before\n");
        pad(sb, RobotsRules.MAX_BYTES);
        sb.append("Disallow: /after\n");
        RobotsRules r = RobotsRules.parse(sb.toString().getBytes(StandardCharsets.US_ASCII), "bulkfetch");
        assertFalse(r.allows("/before"));
        assertTrue(r.allows("/after"));
        assertEquals("robots.txt of 1 rule for *", r.describe());
    }

    @Test
    void aLineCutByTheCapIsDropped() {
        StringBuilder sb = new StringBuilder("User-agent: *\n");
        pad(sb, RobotsRules.MAX_BYTES - "Disallow: /cu".length());
        sb.append("Disallow: /cut-here\n");
        RobotsRules r = RobotsRules.parse(sb.toString().getBytes(StandardCharsets.US_ASCII), "bulkfetch");
        assertTrue(r.allows("/cu"), "the cut line must not become Disallow: /cu");
        assertTrue(r.allows("/cut-here"));
        assertEquals("robots.txt of 0 rules for *", r.describe());
    }

    @Test
    void aLineEndingRightAtTheCapIsKept() {
        for (String after : new String[] {"\n", "\r\n", ""}) {
            StringBuilder sb = new StringBuilder("User-agent: *\n");
            pad(sb, RobotsRules.MAX_BYTES - "Disallow: /edge".length());
            sb.append("Disallow: /edge").append(after).append("Disallow: /beyond\n".repeat(after.isEmpty() ? 0 : 1));
            assertEquals(RobotsRules.MAX_BYTES, sb.indexOf("/edge") + "/edge".length());
            RobotsRules r = RobotsRules.parse(sb.toString().getBytes(StandardCharsets.US_ASCII), "bulkfetch");
            assertFalse(r.allows("/edge"));
            assertTrue(r.allows("/beyond"));
        }
    }

    @Test
    void onlyTheFirstRulesUpToTheLimitAreKeptAndTheRestCounted() {
        StringBuilder sb = new StringBuilder("User-agent: *\n");
        for (int i = 0; i < RobotsRules.MAX_RULES; i++) {
            sb.append("Disallow: /r").append(i).append("$\n");
        }
        sb.append("Disallow: /late\nDisallow: /r0$\n");
        RobotsRules r = RobotsRules.parse(sb.toString().getBytes(StandardCharsets.US_ASCII), "bulkfetch");
        assertFalse(r.allows("/r0"));
        assertFalse(r.allows("/r" + (RobotsRules.MAX_RULES - 1)));
        assertTrue(r.allows("/late"));
        assertEquals("robots.txt of 10000 rules for *, 2 ignored (over 10000 rules or 2048 bytes)", r.describe());
    }

    @Test
    void theRuleLimitCountsForTheTokenAndForStarApart() {
        StringBuilder sb = new StringBuilder("User-agent: *\n");
        sb.append("Disallow: /star\n".repeat(RobotsRules.MAX_RULES + 5));
        sb.append("User-agent: bulkfetch\nDisallow: /mine\n");
        byte[] body = sb.toString().getBytes(StandardCharsets.US_ASCII);
        RobotsRules mine = RobotsRules.parse(body, "bulkfetch");
        assertFalse(mine.allows("/mine"));
        assertEquals("robots.txt of 1 rule for bulkfetch", mine.describe());
        // duplicates count towards the limit, then are merged into one rule
        assertEquals("robots.txt of 1 rule for *, 5 ignored (over 10000 rules or 2048 bytes)",
                RobotsRules.parse(body, "otherbot").describe());
    }

    @Test
    void aValueLongerThanTheLimitIsIgnored() {
        String longest = "/" + "x".repeat(RobotsRules.MAX_PATTERN_BYTES - 1);
        String tooLong = "/" + "y".repeat(RobotsRules.MAX_PATTERN_BYTES);
        RobotsRules r = robots("User-agent: *", "Disallow: " + longest + "   ", "Disallow: " + tooLong);
        assertFalse(r.allows(longest));
        assertTrue(r.allows(tooLong));
        assertEquals("robots.txt of 1 rule for *, 1 ignored (over 10000 rules or 2048 bytes)", r.describe());
    }

    @Test
    void crawlDelayIsANonNegativeNumberOfSeconds() {
        assertEquals(Duration.ofSeconds(10), delay("10"));
        assertEquals(Duration.ofMillis(500), delay("0.5"));
        assertEquals(Duration.ofMillis(500), delay(".5"));
        assertEquals(Duration.ofSeconds(10), delay("10."));
        assertEquals(Duration.ZERO, delay("0"));
        assertEquals(Duration.ofSeconds(7), delay("007"));
        assertEquals(Duration.ofNanos(1_234_567_891), delay("1.2345678919"));
        assertEquals(Duration.ofSeconds(999_999_999_999_999_999L), delay("999999999999999999"));
        assertEquals(Duration.ofSeconds(3), delay("3 # seconds"));
    }

    @Test
    void anInvalidCrawlDelayIsIgnored() {
        for (String v : new String[] {"", "abc", "-1", "+1", "1e3", "10s", "1.2.3", ".", " . ", "1 2", "0x10", "NaN",
                "\u0661", "1234567890123456789", "1,5"}) {
            assertNull(delay(v), "\"" + v + "\"");
        }
    }

    @Test
    void theLargestCrawlDelayOfTheChosenGroupsCounts() {
        assertEquals(Duration.ofSeconds(5), robots("User-agent: *", "Crawl-delay: 2", "Crawl-delay: 5", "Crawl-delay: x",
                "Crawl-delay: 1").crawlDelay());
        String[] file = {"User-agent: *", "Crawl-delay: 5", "", "User-agent: bulkfetch", "Crawl-delay: 1", "Disallow: /x",
                "", "User-agent: bulkfetch", "Crawl-delay: 1.5"};
        assertEquals(Duration.ofMillis(1500), robots(file).crawlDelay());
        assertEquals(Duration.ofSeconds(5), robotsFor("other", file).crawlDelay());
        assertEquals("robots.txt of 1 rule for bulkfetch, crawl-delay 1.5s", robots(file).describe());
        assertNull(robots("User-agent: *", "Disallow: /").crawlDelay());
        assertNull(robots("User-agent: other", "Crawl-delay: 3").crawlDelay());
    }

    @Test
    void aCrawlDelayBetweenUserAgentLinesBelongsToTheWholeGroup() {
        RobotsRules r = robots("User-agent: bulkfetch", "Crawl-delay: 3", "User-agent: other", "Disallow: /x");
        assertEquals(Duration.ofSeconds(3), r.crawlDelay());
        assertFalse(r.allows("/x"));
    }

    @Test
    void theVerdictNamesTheDecidingLineAsWritten() {
        RobotsRules r = robots("User-agent: *", "disallow:   /private/  ", "ALLOW: /private/ok", "Disallow: /caf\u00e9");
        assertEquals(new RobotsRules.Verdict(false, "Disallow: /private/"), r.verdict("/private/x"));
        assertEquals(new RobotsRules.Verdict(true, "Allow: /private/ok"), r.verdict("/private/ok"));
        assertEquals(new RobotsRules.Verdict(false, "Disallow: /caf\u00e9"), r.verdict("/caf%C3%A9"));
        assertEquals(new RobotsRules.Verdict(true, null), r.verdict("/public"));
    }

    @Test
    void aLongRuleIsCutInTheVerdict() {
        String value = "/" + "x".repeat(2_000);
        RobotsRules.Verdict v = robots("User-agent: *", "Disallow: " + value).verdict(value);
        assertFalse(v.allowed());
        assertTrue(v.rule().length() < 300, v.rule());
        assertTrue(v.rule().startsWith("Disallow: /xxx") && v.rule().endsWith("..."), v.rule());
    }

    @Test
    void theProductTokenMustBeLettersUnderscoresAndHyphens() {
        for (String bad : new String[] {"", "bulk fetch", "bulkfetch/1.0", "*", "b\u00fclk", "bot2"}) {
            assertThrows(IllegalArgumentException.class, () -> RobotsRules.parse(new byte[0], bad), bad);
            assertThrows(IllegalArgumentException.class, () -> RobotsRules.forStatus(503, null, bad), bad);
        }
        assertTrue(RobotsRules.parse(new byte[0], "Bulk_Fetch-Bot").allows("/"));
    }

    private static Duration delay(String value) {
        return robots("User-agent: *", "Crawl-delay: " + value).crawlDelay();
    }

    /** Appends comment lines until the text is exactly {@code length} ASCII bytes long. */
    private static void pad(StringBuilder sb, int length) {
        while (length - sb.length() > 100) {
            sb.append('#').append("x".repeat(98)).append('\n');
        }
        int rest = length - sb.length();
        if (rest > 0) {
            sb.append("#".repeat(rest - 1)).append('\n');
        }
    }
}
