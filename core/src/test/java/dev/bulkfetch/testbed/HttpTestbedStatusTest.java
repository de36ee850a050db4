package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Status codes, redirect chains, and the answers to paths the testbed does not know. */
class HttpTestbedStatusTest {
    private static HttpTestbed testbed;

    @BeforeAll
    static void start() {
        testbed = HttpTestbed.start(HttpTestbedConfig.defaults());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 301, 404, 418, 500, 503, 599})
    void statusPathAnswersWithThatCodeAndAShortBody(int code) throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/status/" + code);

        assertEquals(code, response.status());
        assertEquals("status " + code + "\n", response.text());
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 304})
    void noContentStatusesCarryNoBodyAndKeepTheConnection(int code) throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/status/" + code);
            Response empty = client.readResponse(false);
            client.send("GET", "/status/200");
            Response next = client.readResponse(false);

            assertEquals(code, empty.status());
            assertNull(empty.header("Content-Length"));
            assertEquals("status 200\n", next.text());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/status/100", "/status/103", "/status/199", "/status/600", "/bytes/12x", "/bytes/-1",
            "/bytes/268435457", "/chunked/10/0", "/delay/abc/10"})
    void malformedOrOutOfRangeNumberIsABadRequest(String path) throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, path);

        assertEquals(400, response.status());
        assertTrue(response.text().endsWith("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/nope", "/bytes", "/bytes/1/2", "/bytes/10/", "//bytes/10", "/hang/1"})
    void unknownPathIsNotFound(String path) throws IOException {
        assertEquals(404, HttpTestbedRawClient.get(testbed, path).status());
    }

    @Test
    void redirectChainCountsDownToAFinalBody() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            String path = "/redirect/3";
            for (int hop = 3; hop > 0; hop--) {
                client.send("GET", path);
                Response redirect = client.readResponse(false);
                assertEquals(302, redirect.status());
                assertEquals("redirect " + hop + "\n", redirect.text());
                path = redirect.header("Location");
                assertEquals("/redirect/" + (hop - 1), path);
            }
            client.send("GET", path);
            Response last = client.readResponse(false);

            assertEquals(200, last.status());
            assertEquals("redirect done\n", last.text());
        }
    }

    @Test
    void absoluteRedirectNamesTheTestbedOrigin() throws IOException {
        Response redirect = HttpTestbedRawClient.get(testbed, "/redirect-abs/2");

        assertEquals(302, redirect.status());
        assertEquals(testbed.baseUrl() + "/redirect-abs/1", redirect.header("Location"));
        assertTrue(redirect.header("Location").startsWith("http://127.0.0.1:" + testbed.port() + "/"));
    }
}
