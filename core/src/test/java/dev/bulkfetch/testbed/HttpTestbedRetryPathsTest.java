package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import java.net.SocketException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The paths that fail their first requests, counted per (host, path), as a retrying crawler meets them. */
class HttpTestbedRetryPathsTest {
    private static final String IMF_FIXDATE =
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} "
                    + "\\d{2}:\\d{2}:\\d{2} GMT";

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
    void failFirstFailsNTimesThenServesThePage() throws IOException {
        String host = "fail.example.test";
        String path = "/fail-first/2/503/a.html";

        Response first = HttpTestbedRawClient.get(testbed, host, path);
        Response second = HttpTestbedRawClient.get(testbed, host, path);
        Response third = HttpTestbedRawClient.get(testbed, host, path);
        Response fourth = HttpTestbedRawClient.get(testbed, host, path);

        assertEquals(503, first.status());
        assertEquals("request 1 of the first 2 fails with 503\n", first.text());
        assertEquals(503, second.status());
        assertEquals(200, third.status());
        assertArrayEquals(HttpTestbedContent.pageBody(host, path), third.body());
        assertEquals(200, fourth.status());
    }

    @Test
    void failFirstCountsEachHostApart() throws IOException {
        String path = "/fail-first/1/429/shared";

        assertEquals(List.of(429, 200, 200), statuses("one.fail.test", path, 3));
        assertEquals(List.of(429, 200), statuses("two.fail.test", path, 2));
        assertEquals(List.of(200), statuses("ONE.fail.test:8080", path, 1), "the same host, by another spelling");
    }

    @Test
    void failFirstCountsEachPathApartIgnoringTheQuery() throws IOException {
        String host = "paths.fail.test";

        assertEquals(List.of(500, 200), statuses(host, "/fail-first/1/500/a", 2));
        assertEquals(List.of(500), statuses(host, "/fail-first/1/500/b", 1));
        assertEquals(List.of(200), statuses(host, "/fail-first/1/500/b?retry=1", 1));
        assertEquals(List.of(500), statuses(host, "/fail-first/1/500", 1), "no rest is a path of its own");
    }

    @Test
    void failFirstWithNoFailuresServesThePageAtOnce() throws IOException {
        assertEquals(List.of(200), statuses("zero.fail.test", "/fail-first/0/503/x", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/fail-first/1/399/x", "/fail-first/1/600/x", "/fail-first/x/503", "/fail-first/1",
        "/retry-after/1/503", "/retry-after/1/503/soon/x", "/retry-after/1/503/date+/x", "/retry-after/1/503/-5",
        "/reset-first/n/x"})
    void malformedRetryPathsAreBadRequestsOrUnknown(String path) throws IOException {
        int status = HttpTestbedRawClient.get(testbed, "bad.fail.test", path).status();

        assertTrue(status == 400 || status == 404, path + " answered " + status);
    }

    @Test
    void retryAfterSendsDeltaSecondsAsGivenOnFailuresOnly() throws IOException {
        String host = "delta.retry.test";
        String path = "/retry-after/2/503/120/page";

        Response first = HttpTestbedRawClient.get(testbed, host, path);
        Response second = HttpTestbedRawClient.get(testbed, host, path);
        Response third = HttpTestbedRawClient.get(testbed, host, path);

        assertEquals(503, first.status());
        assertEquals("120", first.header("Retry-After"));
        assertEquals("120", second.header("Retry-After"));
        assertEquals(200, third.status());
        assertNull(third.header("Retry-After"));
        assertArrayEquals(HttpTestbedContent.pageBody(host, path), third.body());
    }

    @Test
    void retryAfterDateIsAnImfFixdateTheGivenSecondsAhead() throws IOException {
        long before = Instant.now().getEpochSecond();
        Response response = HttpTestbedRawClient.get(testbed, "date.retry.test", "/retry-after/1/429/date+90/x");
        long after = Instant.now().getEpochSecond();

        String value = response.header("Retry-After");
        assertEquals(429, response.status());
        assertTrue(value.matches(IMF_FIXDATE), value);
        long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        assertTrue(at >= before + 90 && at <= after + 90, value + " is not 90 s after the request");
    }

    @Test
    void resetFirstResetsWithoutAByteThenServesThePage() throws IOException {
        String host = "reset.example.test";
        String path = "/reset-first/2/r";
        long servedBefore = testbed.requestsServed();

        for (int i = 0; i < 2; i++) {
            try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed).host(host)) {
                client.send("GET", path);

                SocketException reset = assertThrows(SocketException.class, () -> client.input().read());
                assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
            }
        }
        assertEquals(servedBefore, testbed.requestsServed(), "a reset is no answer");
        Response third = HttpTestbedRawClient.get(testbed, host, path);

        assertEquals(200, third.status());
        assertArrayEquals(HttpTestbedContent.pageBody(host, path), third.body());
    }

    @Test
    void resetFirstCountsEachHostApart() throws IOException {
        String path = "/reset-first/1/shared";
        assertResets("a.reset.test", path);
        assertEquals(200, HttpTestbedRawClient.get(testbed, "a.reset.test", path).status());

        assertResets("b.reset.test", path);
        assertEquals(200, HttpTestbedRawClient.get(testbed, "b.reset.test", path).status());
    }

    @Test
    void attemptsForgetTheOldestPairBeyondTheirCapacity() {
        HttpTestbedAttempts attempts = new HttpTestbedAttempts(2);

        assertEquals(1, attempts.next("a", "/p"));
        assertEquals(2, attempts.next("a", "/p"));
        attempts.next("b", "/p");
        attempts.next("c", "/p");

        assertEquals(2, attempts.size());
        assertEquals(1, attempts.next("a", "/p"), "a was the oldest and is counted afresh");
        assertEquals(2, attempts.next("c", "/p"));
    }

    private static void assertResets(String host, String path) throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed).host(host)) {
            client.send("GET", path);
            assertThrows(SocketException.class, () -> client.input().read());
        }
    }

    private static List<Integer> statuses(String host, String path, int requests) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(HttpTestbedRawClient.get(testbed, host, path).status());
        }
        return statuses;
    }
}
