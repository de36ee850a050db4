package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** robots.txt by host name, pages on any host, and the other paths unchanged whatever the Host header says. */
class HttpTestbedVirtualHostsTest {
    private static final String DEFAULT_RULES = "User-agent: *\nDisallow: /private/\nAllow: /private/open/\n"
            + "Disallow: /*.secret$\n";

    private static HttpTestbed testbed;

    @BeforeAll
    static void start() {
        testbed = HttpTestbed.start(HttpTestbedConfig.defaults());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @Test
    void anyHostGetsTheDefaultRulesNamingItLowerCasedWithoutPort() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "WWW.Example.TEST:8080", "/robots.txt");

        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").startsWith("text/plain"), response.header("Content-Type"));
        assertEquals("# robots.txt for www.example.test\n" + DEFAULT_RULES, response.text());
    }

    @ParameterizedTest
    @CsvSource({"robots-none.example.test, 404", "robots-none-3.a.b, 404", "robots-forbidden.example.test, 403",
        "robots-error.example.test, 503", "ROBOTS-ERROR:80, 503"})
    void robotsKeywordHostsAnswerWithTheirStatus(String host, int status) throws IOException {
        assertEquals(status, HttpTestbedRawClient.get(testbed, host, "/robots.txt").status());
    }

    @Test
    void robotsDenyDisallowsEverything() throws IOException {
        assertEquals("User-agent: *\nDisallow: /\n",
                HttpTestbedRawClient.get(testbed, "robots-deny.example.test", "/robots.txt").text());
    }

    @Test
    void robotsAgentHasAGroupForBulkfetchAndDeniesTheRest() throws IOException {
        assertEquals("User-agent: bulkfetch\nDisallow: /blocked-for-bulkfetch/\n\nUser-agent: *\nDisallow: /\n",
                HttpTestbedRawClient.get(testbed, "robots-agent.example.test", "/robots.txt").text());
    }

    @ParameterizedTest
    @CsvSource({"robots-delay-250, 0.25", "robots-delay-2000, 2", "robots-delay-1500x, 1.5", "robots-delay-0, 0",
        "robots-delay-7, 0.007"})
    void robotsDelayAddsTheCrawlDelayInSeconds(String label, String seconds) throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, label + ".example.test", "/robots.txt");

        assertEquals("# robots.txt for " + label + ".example.test\n" + DEFAULT_RULES + "Crawl-delay: " + seconds
                + "\n", response.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"robots-delay-x.example.test", "robots-redirect-0.example.test",
        "robots-redirect-11.example.test", "robots-redirect-.example.test"})
    void robotsKeywordWithoutItsNumberInBoundsIsBadRequest(String host) throws IOException {
        assertEquals(400, HttpTestbedRawClient.get(testbed, host, "/robots.txt").status());
    }

    @Test
    void robotsRedirectHopsKTimesThenServesTheDefaultRules() throws IOException {
        String host = "robots-redirect-3.example.test";
        String path = "/robots.txt";
        int redirects = 0;
        Response response = HttpTestbedRawClient.get(testbed, host, path);
        while (response.status() == 302) {
            redirects++;
            path = response.header("Location");
            response = HttpTestbedRawClient.get(testbed, host, path);
        }

        assertEquals(3, redirects);
        assertEquals("/robots-hop/0", path);
        assertEquals(200, response.status());
        assertEquals("# robots.txt for " + host + "\n" + DEFAULT_RULES, response.text());
    }

    @Test
    void robotsRedirectFirstHopPointsAtKMinusOne() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "robots-redirect-10.example.test", "/robots.txt");

        assertEquals(302, response.status());
        assertEquals("/robots-hop/9", response.header("Location"));
    }

    @Test
    void robotsBigPutsOneRuleBeforeAndOneRulePastTheParseLimit() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "robots-big.example.test", "/robots.txt");
        String rules = response.text();

        assertEquals(200, response.status());
        assertTrue(Math.abs(rules.length() - 600 * 1024) < 1024, "about 600 KiB, got " + rules.length());
        assertTrue(rules.startsWith("User-agent: *\nDisallow: /before-cap/\n# "), rules.substring(0, 60));
        assertTrue(rules.endsWith("\nDisallow: /after-cap/\n"));
        assertTrue(rules.indexOf("Disallow: /after-cap/") > 512_000);
        List<String> ruleLines = List.of("User-agent: *", "Disallow: /before-cap/", "Disallow: /after-cap/");
        for (String line : rules.split("\n")) {
            assertTrue(line.startsWith("# ") || ruleLines.contains(line), line);
        }
    }

    @Test
    void robotsHangNeverAnswersRobotsTxtButServesOtherPaths() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed).host("robots-hang.example.test")) {
            client.socket().setSoTimeout(300);
            client.send("GET", "/robots.txt");

            assertThrows(SocketTimeoutException.class, () -> client.input().read());
        }
        assertEquals(200, HttpTestbedRawClient.get(testbed, "robots-hang.example.test", "/page/x").status());
    }

    @Test
    void pageBodyIsComputedFromHostAndPath() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "Shop.Example.TEST:81", "/page/a/b.html?q=1");

        assertEquals(200, response.status());
        assertEquals("bulkfetch testbed page\nhost: shop.example.test\npath: /page/a/b.html\n", response.text());
        assertArrayEquals(HttpTestbedContent.pageBody("shop.example.test", "/page/a/b.html"), response.body());
    }

    @Test
    void pagesOnTwoHostsDiffer() throws IOException {
        byte[] one = HttpTestbedRawClient.get(testbed, "one.example.test", "/page/").body();
        byte[] two = HttpTestbedRawClient.get(testbed, "two.example.test", "/page/").body();

        assertArrayEquals(HttpTestbedContent.pageBody("one.example.test", "/page/"), one);
        assertArrayEquals(HttpTestbedContent.pageBody("two.example.test", "/page/"), two);
        assertNotEquals(new String(one, StandardCharsets.US_ASCII), new String(two, StandardCharsets.US_ASCII));
    }

    @Test
    void requestWithoutHostGetsPagesOfTheAddressItArrivedOn() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.sendRaw("GET /page/p HTTP/1.0\r\n\r\n");
            Response response = client.readResponse(false);

            assertEquals("bulkfetch testbed page\nhost: 127.0.0.1\npath: /page/p\n", response.text());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/private/x", "/private/open/x", "/a.secret", "/blocked-for-bulkfetch/x"})
    void pathsTheRulesNameOutsidePageAreNotFound(String path) throws IOException {
        assertEquals(404, HttpTestbedRawClient.get(testbed, "www.example.test", path).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bytes/5000", "/gzip/3000", "/redirect/0", "/status/418"})
    void otherPathsAnswerTheSameOnAnyHost(String path) throws IOException {
        Response plain = HttpTestbedRawClient.get(testbed, path);
        Response virtual = HttpTestbedRawClient.get(testbed, "robots-deny.elsewhere.test:9", path);

        assertEquals(plain.status(), virtual.status());
        assertArrayEquals(plain.decodedBody(), virtual.decodedBody());
    }

    @Test
    void hostDependentPathsHaveNoHostFreeExpectedBody() {
        assertThrows(IllegalArgumentException.class, () -> HttpTestbedContent.expectedBody("/page/x"));
        assertThrows(IllegalArgumentException.class, () -> HttpTestbedContent.expectedBody("/robots.txt"));
    }
}
