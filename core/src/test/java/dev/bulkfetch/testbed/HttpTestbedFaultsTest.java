package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Head;
import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The paths that misbehave on purpose, observed with a plain socket. */
class HttpTestbedFaultsTest {
    /** Timers may fire a little early against a clock read on another thread; never by more than this. */
    private static final long MARGIN_MILLIS = 20;

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
    void delayedResponseSendsNothingBeforeTheDelay() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/delay/300/1000");
            long sent = System.nanoTime();
            int firstByte = client.input().read();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

            assertEquals('H', firstByte);
            assertTrue(waited >= 300 - MARGIN_MILLIS, "first byte after " + waited + " ms");
        }
    }

    @Test
    void delayedResponseCarriesTheWholeBody() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/delay/50/5000");

        assertEquals("5000", response.header("Content-Length"));
        assertArrayEquals(HttpTestbedContent.expectedBody("/delay/50/5000"), response.body());
    }

    @Test
    void trickleSendsTheHeadAtOnceAndOneByteEveryInterval() throws IOException {
        int length = 6;
        long interval = 40;
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/trickle/" + length + "/" + interval);
            Head head = client.readHead();
            long headAt = System.nanoTime();
            byte[] body = client.readExactly(length);
            long bodyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - headAt);

            assertEquals(String.valueOf(length), head.header("Content-Length"));
            assertArrayEquals(HttpTestbedContent.expectedBody("/trickle/6/40"), body);
            assertTrue(bodyMillis >= (length - 1) * interval - MARGIN_MILLIS, "body took " + bodyMillis + " ms");
        }
    }

    @Test
    void resetArrivesAfterHalfTheAnnouncedBody() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/reset/1000");
            Head head = client.readHead();
            byte[] body = client.readExactly(1000);

            assertEquals("2000", head.header("Content-Length"));
            assertArrayEquals(HttpTestbedContent.body(1000), body);
            SocketException reset = assertThrows(SocketException.class, () -> client.input().read());
            assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());
        }
    }

    @Test
    void closeArrivesAfterHalfTheAnnouncedBody() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/close/1000");
            Head head = client.readHead();
            byte[] body = client.readExactly(1000);

            assertEquals("2000", head.header("Content-Length"));
            assertArrayEquals(HttpTestbedContent.body(1000), body);
            assertEquals(-1, client.input().read());
        }
    }

    @Test
    void closeDelimitedBodyEndsWithTheConnection() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/close-delimited/70000");

        assertEquals("HTTP/1.1 200 OK", response.head().statusLine());
        assertEquals("close", response.header("Connection"));
        assertNull(response.header("Content-Length"));
        assertNull(response.header("Transfer-Encoding"));
        assertArrayEquals(HttpTestbedContent.expectedBody("/close-delimited/70000"), response.body());
    }

    @Test
    void http10ResponseHasNoLengthAndEndsWithTheConnection() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/http10/70000");

        assertEquals("HTTP/1.0 200 OK", response.head().statusLine());
        assertNull(response.header("Content-Length"));
        assertNull(response.header("Transfer-Encoding"));
        assertArrayEquals(HttpTestbedContent.expectedBody("/http10/70000"), response.body());
    }

    @Test
    void bareLfHeadEndsLinesWithLineFeedOnly() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/bare-lf/500");
            String head = readThroughBlankLine(client.input());
            byte[] body = client.readExactly(500);

            assertFalse(head.contains("\r"), head);
            assertTrue(head.startsWith("HTTP/1.1 200 OK\n"), head);
            assertTrue(head.contains("\nContent-Length: 500\n"), head);
            assertArrayEquals(HttpTestbedContent.expectedBody("/bare-lf/500"), body);
        }
    }

    @Test
    void hangReadsTheRequestAndNeverAnswers() throws IOException {
        long servedBefore = testbed.requestsServed();
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.socket().setSoTimeout(300);
            client.send("GET", "/hang");

            assertThrows(SocketTimeoutException.class, () -> client.input().read());
        }
        assertEquals(servedBefore, testbed.requestsServed());
    }

    @Test
    void interimResponsesPrecedeTheFinalOne() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/interim/2000");
            Response proceed = client.readResponse(false);
            Response hints = client.readResponse(false);
            Response last = client.readResponse(false);

            assertEquals("HTTP/1.1 100 Continue", proceed.head().statusLine());
            assertEquals(103, hints.status());
            assertEquals("</style.css>; rel=preload; as=style", hints.header("Link"));
            assertEquals(200, last.status());
            assertArrayEquals(HttpTestbedContent.expectedBody("/interim/2000"), last.body());
        }
    }

    private static String readThroughBlankLine(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int previous = -1;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (b == '\n' && previous == '\n') {
                break;
            }
            previous = b;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
