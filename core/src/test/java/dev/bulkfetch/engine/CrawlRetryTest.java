package dev.bulkfetch.engine;

import dev.bulkfetch.crawl.CrawlPolicy;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.RetriedAttempt;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedArrival;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries of transient failures only, their back-off, Retry-After, and what the records say about them. */
@org.junit.jupiter.api.Timeout(30)
class CrawlRetryTest {
    private static final CrawlPolicy RETRY_3 = CrawlPolicy.builder().retries(3).retryDelay(Duration.ofMillis(20))
            .build();

    @Test
    void transientFailuresAreRetriedAndListedInTheRecord() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            List<HttpResult> results = f.crawl(RETRY_3, List.of(
                    f.url("a", "/fail-first/2/500/x"),
                    f.url("b", "/fail-first/1/429/x"),
                    f.url("c", "/reset-first/1/x"),
                    f.url("d", "/fail-first/1/503/x")));
            for (HttpResult r : results) {
                assertNull(r.error(), r.toString());
                assertEquals(200, r.fetch().status());
            }
            assertEquals(List.of(500, 500), results.get(0).retried().stream().map(RetriedAttempt::status).toList());
            assertEquals(3, results.get(0).tries());
            assertEquals(429, results.get(1).retried().get(0).status());
            RetriedAttempt reset = results.get(2).retried().get(0);
            assertEquals(-1, reset.status());
            assertEquals("CONNECTION_RESET", reset.error().kind().name());
            assertEquals(2, results.get(3).tries());
        }
    }

    @Test
    void permanentFailuresAreNotRetried() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            List<HttpResult> results = f.crawl(RETRY_3, List.of(
                    f.url("a", "/status/404"),
                    f.url("b", "/fail-first/5/403/x"),
                    "http://127.0.0.1:" + closedPort + "/",
                    "http://nx-gone.bulkfetch.test:" + f.server.port() + "/"));
            assertEquals(404, results.get(0).fetch().status());
            assertEquals(403, results.get(1).fetch().status());
            assertEquals("CONNECT_REFUSED", CrawlFixture.kind(results.get(2)));
            assertEquals("DNS_NXDOMAIN", CrawlFixture.kind(results.get(3)));
            for (HttpResult r : results) {
                assertEquals(1, r.tries(), r.toString());
                assertEquals(List.of(), r.retried());
            }
        }
    }

    @Test
    void retriesStopAtTheLimitWithTheLastAnswer() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            CrawlPolicy twice = CrawlPolicy.builder().retries(2).retryDelay(Duration.ofMillis(10)).build();
            HttpResult r = f.crawl(twice, List.of(f.url("a", "/fail-first/9/502/x"))).get(0);
            assertEquals(502, r.fetch().status());
            assertEquals(3, r.tries());
            assertEquals(3, f.server.arrivals().size());
        }
    }

    @Test
    void retryAfterMakesTheWholeHostWait() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            CrawlPolicy policy = CrawlPolicy.builder().retries(1).retryDelay(Duration.ofMillis(10)).perHost(1).build();
            List<HttpResult> results = f.crawl(policy, List.of(
                    f.url("busy", "/retry-after/1/429/1/x"),
                    f.url("busy", "/page/next"),
                    f.url("other", "/page/free")));
            assertEquals(200, results.get(0).fetch().status());
            assertTrue(results.get(0).retried().get(0).waitMillis() >= 1000);
            List<HttpTestbedArrival> busy = f.arrivalsByHost().get("busy.bulkfetch.test");
            assertEquals(3, busy.size());
            // after the 429 the host rested a second: neither its retry nor its next page came sooner
            assertTrue((busy.get(1).nanoTime() - busy.get(0).nanoTime()) / 1e6 >= 1000);
            // another host is not held back by it
            long other = f.arrivalsByHost().get("other.bulkfetch.test").get(0).nanoTime();
            assertTrue(other < busy.get(1).nanoTime());
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredAndCappedByTheMaxHostDelay() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            CrawlPolicy policy = CrawlPolicy.builder().retries(1).retryDelay(Duration.ofMillis(10))
                    .maxHostDelay(Duration.ofMillis(700)).build();
            HttpResult r = f.crawl(policy, List.of(f.url("d", "/retry-after/1/503/date+3600/x"))).get(0);
            assertEquals(200, r.fetch().status());
            assertEquals(700, r.retried().get(0).waitMillis(), "an hour asked, the cap given");
        }
    }

    @Test
    void cancellingEndsWaitingAndSleepingTargetsAtOnce() {
        try (CrawlFixture f = new CrawlFixture(HttpTestbed.start(HttpTestbedConfig.builder().port(0).build()))) {
            CrawlPolicy policy = CrawlPolicy.builder().hostDelay(Duration.ofSeconds(2)).retries(3)
                    .retryDelay(Duration.ofSeconds(20)).maxHostDelay(Duration.ofSeconds(60)).build();
            RunControl control = new RunControl(Duration.ofSeconds(5));
            java.util.concurrent.ScheduledExecutorService timer =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            timer.schedule(control::cancel, 400, java.util.concurrent.TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            List<HttpResult> results;
            try {
                results = f.crawl(policy, List.of(
                        f.url("slow", "/page/1"),
                        f.url("slow", "/page/2"),
                        f.url("slow", "/page/3"),
                        f.url("flaky", "/fail-first/5/503/x")), control);
            } finally {
                timer.shutdownNow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 2, "the run ended when cancelled, not after the delays: " + seconds + " s");
            assertEquals(200, results.get(0).fetch().status(), "sent before the cancel");
            for (HttpResult r : results.subList(1, 4)) {
                assertEquals("CANCELLED", CrawlFixture.kind(r), r.toString());
            }
            HttpResult flaky = results.get(3);
            assertEquals(List.of(503), flaky.retried().stream().map(RetriedAttempt::status).toList(),
                    "the record keeps the answer of the attempt before the cancel");
            assertEquals(2, f.server.arrivals().size(), "nothing was sent after the cancel");
        }
    }
}
