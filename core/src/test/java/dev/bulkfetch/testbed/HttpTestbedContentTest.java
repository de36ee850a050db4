package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpTestbedContentTest {

    @Test
    void bodyFollowsThePrintablePatternAtEveryIndex() {
        byte[] body = HttpTestbedContent.body(40_000);
        for (int i = 0; i < body.length; i++) {
            assertEquals((byte) ('a' + (i * 7 + i / 251) % 26), body[i], "byte " + i);
        }
        assertEquals(26, new String(body, StandardCharsets.US_ASCII).chars().distinct().count());
    }

    @Test
    void shorterBodiesArePrefixesOfLongerOnes() {
        assertArrayEquals(HttpTestbedContent.body(777), Arrays.copyOf(HttpTestbedContent.body(10_000), 777));
        assertEquals(0, HttpTestbedContent.body(0).length);
    }

    @Test
    void sha256HexMatchesTheStandardTestVector() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HttpTestbedContent.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bytes/1000", "/chunked/1000/7", "/chunked-ext/1000/7", "/gzip/1000", "/x-gzip/1000",
            "/deflate/1000", "/deflate-raw/1000", "/gzip-chunked/1000/7", "/deflate-chunked/1000/7", "/gzip-multi/1000",
            "/trickle/1000/1", "/interim/1000", "/close-delimited/1000", "/http10/1000", "/bare-lf/1000",
            "/delay/5/1000"})
    void everyContentPathDecodesToTheSharedPayload(String path) {
        assertArrayEquals(HttpTestbedContent.body(1000), HttpTestbedContent.expectedBody(path));
    }

    @Test
    void textPathsDecodeToTheirShortBodies() {
        assertEquals("status 503\n", text("/status/503"));
        assertEquals("", text("/status/204"));
        assertEquals("", text("/status/304"));
        assertEquals("redirect 3\n", text("/redirect/3"));
        assertEquals("redirect done\n", text("/redirect-abs/0"));
        assertEquals("ok\n", text("/huge-headers/5000"));
        assertEquals("ok\n", text("/many-headers/10"));
    }

    @Test
    void queryAndFragmentDoNotChangeTheBody() {
        assertArrayEquals(HttpTestbedContent.body(64), HttpTestbedContent.expectedBody("/bytes/64?cache=bust#top"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/reset/10", "/close/10", "/hang", "/gzip-bomb/1024", "/endless-chunked", "/nope",
            "/bytes", "/bytes/1/2", "/bytes/", "/bytes/12x", "/bytes/-1", "/bytes/268435457", "/chunked/10/0",
            "/status/100", "/status/600", "bytes/10"})
    void pathsWithoutACompleteBodyAreRejected(String path) {
        assertThrows(IllegalArgumentException.class, () -> HttpTestbedContent.expectedBody(path));
    }

    @Test
    void largestAllowedBodyIsAcceptedAndOneMoreIsNot() {
        assertEquals(256L << 20, HttpTestbedRoute.parse("/bytes/268435456").first());
        HttpTestbedPathException tooLarge = assertThrows(HttpTestbedPathException.class,
                () -> HttpTestbedRoute.parse("/bytes/268435457"));
        assertEquals(400, tooLarge.status());
        assertEquals(404, assertThrows(HttpTestbedPathException.class, () -> HttpTestbedRoute.parse("/nope")).status());
    }

    private static String text(String path) {
        return new String(HttpTestbedContent.expectedBody(path), StandardCharsets.US_ASCII);
    }
}
