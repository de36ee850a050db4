package dev.bulkfetch.engine;

import dev.bulkfetch.crawl.CrawlPolicy;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedArrival;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-host lines, host delay and the per-address cap, checked from the server's side. */
@org.junit.jupiter.api.Timeout(30)
class CrawlPolitenessTest {

    @Test
    void hostDelaySpacesEveryHostsRequestsWhileHostsAreCrawledTogether() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            int hosts = 20;
            int perHost = 6;
            List<String> urls = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                for (int i = 0; i < perHost; i++) {
                    urls.add(f.url("site" + h, "/page/" + i)); // sorted by host, the worst order for a naive crawler
                }
            }
            List<HttpResult> results = f.crawl(CrawlPolicy.builder().hostDelay(Duration.ofMillis(100)).build(), urls);
            assertTrue(results.stream().allMatch(r -> r.error() == null && r.fetch().status() == 200));
            Map<String, List<HttpTestbedArrival>> by = f.arrivalsByHost();
            assertEquals(hosts, by.size());
            for (List<HttpTestbedArrival> arrivals : by.values()) {
                assertEquals(perHost, arrivals.size());
                assertTrue(CrawlFixture.minGapMillis(arrivals) >= 100, "requests to one host at least 100 ms apart");
            }
            // every host started before the first host was done: the crawl did not go host by host
            long firstHostDone = by.get("site0.bulkfetch.test").get(perHost - 1).nanoTime();
            for (List<HttpTestbedArrival> arrivals : by.values()) {
                assertTrue(arrivals.get(0).nanoTime() < firstHostDone);
            }
        }
    }

    @Test
    void lookaheadBoundsTheTargetsHeldAndEveryTargetStillEnds() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            List<String> urls = new ArrayList<>();
            for (int h = 0; h < 4; h++) {
                for (int i = 0; i < 25; i++) {
                    urls.add(f.url("look" + h, "/page/" + i));
                }
            }
            urls.add("not a url");
            List<HttpResult> results = f.crawl(CrawlPolicy.builder().hostDelay(Duration.ofMillis(5)).lookahead(7)
                    .build(), urls);
            assertEquals(100, results.stream().filter(r -> r.error() == null).count());
            assertEquals("INVALID_INPUT", CrawlFixture.kind(results.get(100)));
            for (List<HttpTestbedArrival> arrivals : f.arrivalsByHost().values()) {
                assertTrue(CrawlFixture.minGapMillis(arrivals) >= 5);
            }
        }
    }

    @Test
    void perIpCapsRequestsToOneAddressOverAllItsNames() {
        HttpTestbedConfig config = HttpTestbedConfig.builder().port(0).bindAddresses(List.of("127.0.0.1", "127.0.0.2"))
                .build();
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(config))) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // four names on 127.0.0.2, each page held 60 ms by the server before its first byte
                urls.add(f.url("v" + (i % 4) + ".ip-127-0-0-2", "/delay/60/64?" + i));
            }
            List<HttpResult> results = f.crawl(CrawlPolicy.builder().perIp(1).build(), urls);
            assertTrue(results.stream().allMatch(r -> r.error() == null && "127.0.0.2".equals(r.fetch().ip())),
                    results.toString());
            List<HttpTestbedArrival> arrivals = f.server.arrivals();
            assertEquals(12, arrivals.size());
            // one at a time on the address: each request arrives after the one before was answered
            assertTrue(CrawlFixture.minGapMillis(arrivals) >= 60, "gap " + CrawlFixture.minGapMillis(arrivals));
        }
    }

    @Test
    void withoutCrawlOptionsNoHostIsHeldBack() {
        // the plain path: no delay, so one host's requests overlap (guards against the crawl layer leaking in)
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                urls.add(f.url("plain", "/delay/200/64?" + i));
            }
            CrawlPolicy none = CrawlPolicy.builder().build();
            assertTrue(!none.active());
            List<HttpResult> results = f.crawl(none, urls);
            assertTrue(results.stream().allMatch(r -> r.error() == null));
            assertNull(results.get(0).retried());
            List<HttpTestbedArrival> arrivals = f.server.arrivals();
            assertTrue(arrivals.get(5).nanoTime() - arrivals.get(0).nanoTime() < 200_000_000L,
                    "six requests to one host went out together");
        }
    }
}
