package dev.bulkfetch.engine;

import dev.bulkfetch.crawl.CrawlPolicy;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedArrival;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redirect hops ({@code --follow}) go through the crawl layer like any request: the host a hop goes to keeps
 * its delay and its robots.txt, and the record lists the chain.
 */
@org.junit.jupiter.api.Timeout(30)
class CrawlRedirectTest {

    private static CrawlFixture fixture() {
        CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()));
        f.http = HttpEngineConfig.builder().follow(3).firstByteTimeout(Duration.ofSeconds(2))
                .totalTimeout(Duration.ofSeconds(10)).build();
        return f;
    }

    @Test
    void aHopToAnotherHostObeysThatHostsRobotsTxt() {
        try (CrawlFixture f = fixture()) {
            List<HttpResult> results = f.crawl(CrawlPolicy.builder().robots(true).build(), List.of(
                    f.url("from", "/go-to/to/private/x"),
                    f.url("from", "/go-to/to/page/fine")));
            HttpResult refused = results.get(0);
            assertEquals("ROBOTS_DISALLOWED", CrawlFixture.kind(refused), refused.toString());
            assertEquals(List.of(f.url("from", "/go-to/to/private/x")), refused.fetch().redirects());
            assertEquals(f.url("to", "/private/x"), refused.fetch().url().toString());
            HttpResult followed = results.get(1);
            assertNull(followed.error(), followed.toString());
            assertEquals(200, followed.fetch().status());
            assertEquals(List.of(f.url("from", "/go-to/to/page/fine")), followed.fetch().redirects());
            assertEquals(List.of("/robots.txt", "/page/fine"), f.arrivalsByHost().get("to.bulkfetch.test").stream()
                    .map(HttpTestbedArrival::path).toList(), "the disallowed hop was never sent");
        }
    }

    @Test
    void aHopWaitsForTheDelayOfTheHostItGoesTo() {
        try (CrawlFixture f = fixture()) {
            CrawlPolicy policy = CrawlPolicy.builder().hostDelay(Duration.ofMillis(300)).build();
            List<HttpResult> results = f.crawl(policy, List.of(
                    f.url("target", "/page/1"),
                    f.url("a", "/go-to/target/page/2"),
                    f.url("b", "/go-to/target/page/3")));
            for (HttpResult r : results) {
                assertEquals(200, r.fetch().status(), r.toString());
            }
            List<HttpTestbedArrival> target = f.arrivalsByHost().get("target.bulkfetch.test");
            assertEquals(3, target.size());
            assertTrue(CrawlFixture.minGapMillis(target) >= 300,
                    "hops kept the target host's delay: " + CrawlFixture.minGapMillis(target) + " ms");
        }
    }

    @Test
    void withoutPolitenessHopsAreFollowedAtOnceAndChainsStillEnd() {
        try (CrawlFixture f = fixture()) {
            List<HttpResult> results = f.crawl(CrawlPolicy.builder().retries(1).build(), List.of(
                    f.url("a", "/go-to/b/go-to/c/page/x"),
                    f.url("a", "/go-to/b/go-to/c/go-to/d/go-to/e/page/x")));
            assertEquals(200, results.get(0).fetch().status());
            assertEquals(2, results.get(0).fetch().redirects().size());
            assertEquals("TOO_MANY_REDIRECTS", CrawlFixture.kind(results.get(1)));
        }
    }
}
