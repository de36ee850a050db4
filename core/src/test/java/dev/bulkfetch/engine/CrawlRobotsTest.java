package dev.bulkfetch.engine;

import dev.bulkfetch.crawl.CrawlPolicy;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedArrival;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --robots} against the testbed's per-host robots.txt (its variant is chosen by the host name): the
 * rules decide, the file is asked for once per host, and what the server never saw is what was disallowed.
 */
@org.junit.jupiter.api.Timeout(30)
class CrawlRobotsTest {
    private static final CrawlPolicy ROBOTS = CrawlPolicy.builder().robots(true).build();

    @Test
    void disallowedUrlsAreNeverRequestedAndRobotsTxtIsReadOncePerHost() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            List<HttpResult> results = f.crawl(ROBOTS, List.of(
                    f.url("shop", "/page/a"),
                    f.url("shop", "/private/cart"),
                    f.url("shop", "/private/open/faq"),
                    f.url("shop", "/keys.secret"),
                    f.url("shop", "/keys.secret.txt"),
                    f.url("blog", "/private/x"),
                    f.url("blog", "/page/b")));
            assertNull(results.get(0).error());
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(results.get(1)));
            assertTrue(results.get(1).error().message().contains("/private/"), results.get(1).error().message());
            assertNull(results.get(2).error(), "the longer Allow wins");
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(results.get(3)));
            assertNull(results.get(4).error(), "$ anchors the end");
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(results.get(5)));
            assertNull(results.get(6).error());
            assertEquals(0, results.get(1).tries());
            Map<String, List<HttpTestbedArrival>> by = f.arrivalsByHost();
            assertEquals(List.of("/robots.txt", "/page/a", "/private/open/faq", "/keys.secret.txt"),
                    by.get("shop.bulkfetch.test").stream().map(HttpTestbedArrival::path).toList());
            assertEquals(List.of("/robots.txt", "/page/b"),
                    by.get("blog.bulkfetch.test").stream().map(HttpTestbedArrival::path).toList());
        }
    }

    @Test
    void statusOfRobotsTxtDecides() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            List<HttpResult> results = f.crawl(ROBOTS, List.of(
                    f.url("robots-none", "/private/x"),       // 404: allow all
                    f.url("robots-forbidden", "/private/x"),  // 403: allow all (RFC 9309 2.3.1.3)
                    f.url("robots-error", "/page/x"),         // 503: disallow all
                    f.url("robots-deny", "/page/x"),
                    f.url("robots-agent", "/blocked-for-bulkfetch/x"),
                    f.url("robots-agent", "/page/x")));       // the bulkfetch group applies, not '*'
            assertNull(results.get(0).error());
            assertNull(results.get(1).error());
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(results.get(2)));
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(results.get(3)));
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(results.get(4)));
            assertNull(results.get(5).error());
        }
    }

    @Test
    void unreachableRobotsTxtDisallowsAll() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            f.http = dev.bulkfetch.http.HttpEngineConfig.builder().firstByteTimeout(Duration.ofMillis(300))
                    .totalTimeout(Duration.ofSeconds(5)).build();
            List<HttpResult> results = f.crawl(ROBOTS, List.of(f.url("robots-hang", "/page/x")));
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(results.get(0)));
            assertEquals(1, f.server.arrivals().size(), "only robots.txt was asked");
        }
    }

    @Test
    void redirectsAreFollowedUpToFiveHops() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            List<HttpResult> results = f.crawl(ROBOTS, List.of(
                    f.url("robots-redirect-5", "/private/x"),   // five hops, then the default rules
                    f.url("robots-redirect-6", "/private/x"))); // one too many: unavailable, allow all
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(results.get(0)));
            assertNull(results.get(1).error());
        }
    }

    @Test
    void onlyTheFirst500KibOfRobotsTxtCount() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            List<HttpResult> results = f.crawl(ROBOTS, List.of(
                    f.url("robots-big", "/before-cap/x"),
                    f.url("robots-big", "/after-cap/x")));
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(results.get(0)));
            assertNull(results.get(1).error());
        }
    }

    @Test
    void crawlDelaySpacesTheHostsRequests() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            List<HttpResult> results = f.crawl(ROBOTS, List.of(
                    f.url("robots-delay-150", "/page/1"), f.url("robots-delay-150", "/page/2"),
                    f.url("robots-delay-150", "/page/3")));
            assertTrue(results.stream().allMatch(r -> r.error() == null));
            List<HttpTestbedArrival> arrivals = f.server.arrivals();
            assertEquals(4, arrivals.size());
            assertTrue(CrawlFixture.minGapMillis(arrivals.subList(1, 4)) >= 150);
        }
    }

    @Test
    void crawlDelayIsCappedByTheMaxHostDelay() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            CrawlPolicy capped = CrawlPolicy.builder().robots(true).maxHostDelay(Duration.ofMillis(50)).build();
            List<HttpResult> results = f.crawl(capped, List.of(
                    f.url("robots-delay-60000", "/page/1"), f.url("robots-delay-60000", "/page/2")));
            assertTrue(results.stream().allMatch(r -> r.error() == null));
            List<HttpTestbedArrival> arrivals = f.server.arrivals();
            double gap = (arrivals.get(2).nanoTime() - arrivals.get(1).nanoTime()) / 1e6;
            assertTrue(gap >= 50 && gap < 30_000, "waited the cap, not a minute: " + gap);
        }
    }
}
