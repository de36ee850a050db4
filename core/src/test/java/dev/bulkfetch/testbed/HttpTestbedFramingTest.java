package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Head;
import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paths whose framing lies or repeats itself, observed with a plain socket: the lie, then silence on an open
 * connection; a repeated length, then the body and the next response.
 */
class HttpTestbedFramingTest {
    /** How long a test waits to be sure nothing more comes. */
    private static final int SILENCE_MILLIS = 200;

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
    void badChunkSizeSendsOneGoodChunkThenASizeLineThatIsNoSize() throws IOException {
        for (int k = 0; k < HttpTestbedFramingPlans.BAD_CHUNK_SIZES.size(); k++) {
            try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
                client.send("GET", "/bad-chunk-size/" + k);
                Head head = client.readHead();

                assertEquals("chunked", head.header("Transfer-Encoding"));
                assertEquals("10", client.readLine());
                assertArrayEquals(HttpTestbedContent.body(16), client.readExactly(16));
                assertEquals("", client.readLine());
                assertEquals(HttpTestbedFramingPlans.BAD_CHUNK_SIZES.get(k), client.readLine(), "K=" + k);
                assertSilentButOpen(client);
            }
        }
    }

    @Test
    void badChunkSizeVariantsAreNotHexNegativeBeyond64BitsAndEmpty() {
        assertEquals(List.of("zz", "-10", "10000000000000000", ""), HttpTestbedFramingPlans.BAD_CHUNK_SIZES);
        assertEquals(400, assertStatus("/bad-chunk-size/4"));
    }

    @Test
    void negativeLengthIsAnnouncedAndFollowedBySixteenBytes() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/negative-length");
            Head head = client.readHead();

            assertEquals("-1", head.header("Content-Length"));
            assertArrayEquals(HttpTestbedContent.body(16), client.readExactly(16));
            assertSilentButOpen(client);
        }
    }

    @Test
    void overflowLengthIsBeyondAnyLong() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/overflow-length");
            Head head = client.readHead();

            assertEquals("99999999999999999999", head.header("Content-Length"));
            assertThrows(NumberFormatException.class, () -> Long.parseLong(head.header("Content-Length")));
            assertArrayEquals(HttpTestbedContent.body(16), client.readExactly(16));
            assertSilentButOpen(client);
        }
    }

    @Test
    void lengthAndChunkedCarriesTheBodyInChunksUnderALengthOfOne() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/length-and-chunked/2500");
            // framed by its chunks, as RFC 9112 section 6.3 says: Transfer-Encoding overrides Content-Length
            Response response = client.readResponse(false);

            assertEquals("1", response.header("Content-Length"));
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertEquals(List.of("3e8", "3e8", "1f4", "0"), response.chunkLines());
            assertArrayEquals(HttpTestbedContent.expectedBody("/length-and-chunked/2500"), response.body());
            // and the connection carries on to the next request
            client.send("GET", "/bytes/5");
            assertArrayEquals(HttpTestbedContent.body(5), client.readResponse(false).body());
        }
    }

    @Test
    void duplicateLengthRepeatsOneLengthInEachSpellingAndKeepsTheConnection() throws IOException {
        List<List<String>> spellings = List.of(List.of("9000", "9000"), List.of("9000, 9000"), List.of("9000 ,9000"),
                List.of("9000,9000", "9000"));
        assertEquals(spellings.size(), HttpTestbedFramingPlans.DUPLICATE_LENGTHS.size());
        for (int k = 0; k < spellings.size(); k++) {
            try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
                String path = "/duplicate-length/" + k + "/9000";
                client.send("GET", path);
                Head head = client.readHead();

                assertEquals(spellings.get(k), contentLengths(head), "K=" + k);
                assertArrayEquals(HttpTestbedContent.body(9000), HttpTestbedContent.expectedBody(path));
                assertArrayEquals(HttpTestbedContent.body(9000), client.readExactly(9000), "K=" + k);
                // nothing after the body: the next response on the connection starts with its status line
                client.send("GET", "/bytes/5");
                assertArrayEquals(HttpTestbedContent.body(5), client.readResponse(false).body(), "K=" + k);
            }
        }
        assertEquals(400, assertStatus("/duplicate-length/" + spellings.size() + "/10"));
    }

    @Test
    void conflictingLengthAnnouncesTwoLengthsSendsTheShorterBodyThenFallsSilent() throws IOException {
        List<List<String>> spellings = List.of(List.of("100", "101"), List.of("100, 101"));
        assertEquals(spellings.size(), HttpTestbedFramingPlans.CONFLICTING_LENGTHS.size());
        for (int k = 0; k < spellings.size(); k++) {
            try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
                client.send("GET", "/conflicting-length/" + k + "/100");
                Head head = client.readHead();

                assertEquals(spellings.get(k), contentLengths(head), "K=" + k);
                assertArrayEquals(HttpTestbedContent.body(100), client.readExactly(100), "K=" + k);
                assertSilentButOpen(client);
            }
        }
        assertEquals(400, assertStatus("/conflicting-length/" + spellings.size() + "/10"));
    }

    @Test
    void pathsWithoutAnAcceptableBodyHaveNoExpectedBody() {
        for (String path : new String[] {"/bad-chunk-size/0", "/negative-length", "/overflow-length",
                "/conflicting-length/0/100"}) {
            assertThrows(IllegalArgumentException.class, () -> HttpTestbedContent.expectedBody(path), path);
        }
    }

    /** The values of every Content-Length line of a head, in order. */
    private static List<String> contentLengths(Head head) {
        return head.lines().stream().filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .map(line -> line.substring(15).trim()).toList();
    }

    private static int assertStatus(String path) {
        try {
            return HttpTestbedRawClient.get(testbed, path).status();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSilentButOpen(HttpTestbedRawClient client) throws IOException {
        client.socket().setSoTimeout(SILENCE_MILLIS);
        assertThrows(SocketTimeoutException.class, () -> client.input().read(), "nothing after the lie, no close");
    }
}
