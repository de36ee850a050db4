package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fixed-length bodies, identity and content-coded, checked by hash against {@link HttpTestbedContent}. */
class HttpTestbedBodiesTest {
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
    @ValueSource(strings = {"/bytes/0", "/bytes/1", "/bytes/100000", "/bytes/3000000", "/gzip/0", "/gzip/200000",
            "/x-gzip/200000", "/deflate/200000", "/deflate-raw/200000", "/gzip-multi/1", "/gzip-multi/200001"})
    void decodedBodyHashesToTheExpectedBody(String path) throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, path);

        assertEquals(200, response.status());
        assertEquals(String.valueOf(response.body().length), response.header("Content-Length"));
        assertNull(response.header("Transfer-Encoding"));
        assertEquals(HttpTestbedContent.sha256Hex(HttpTestbedContent.expectedBody(path)),
                HttpTestbedContent.sha256Hex(response.decodedBody()));
    }

    @Test
    void bytesAreServedAsOctetStreamWithoutCoding() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/bytes/4096");

        assertEquals("application/octet-stream", response.header("Content-Type"));
        assertNull(response.header("Content-Encoding"));
        assertArrayEquals(HttpTestbedContent.body(4096), response.body());
    }

    @Test
    void gzipPathsNameTheirCoding() throws IOException {
        assertEquals("gzip", HttpTestbedRawClient.get(testbed, "/gzip/1000").header("Content-Encoding"));
        assertEquals("x-gzip", HttpTestbedRawClient.get(testbed, "/x-gzip/1000").header("Content-Encoding"));
    }

    @Test
    void deflateIsZlibWrappedAndDeflateRawIsNot() throws IOException {
        Response zlib = HttpTestbedRawClient.get(testbed, "/deflate/1000");
        Response raw = HttpTestbedRawClient.get(testbed, "/deflate-raw/1000");

        assertEquals("deflate", zlib.header("Content-Encoding"));
        assertEquals("deflate", raw.header("Content-Encoding"));
        assertTrue(HttpTestbedRawClient.isZlib(zlib.body()));
        assertFalse(HttpTestbedRawClient.isZlib(raw.body()));
    }

    @Test
    void gzipMultiSendsTwoMembersSplitAtHalf() throws IOException, DataFormatException {
        int length = 100_001;
        byte[] wire = HttpTestbedRawClient.get(testbed, "/gzip-multi/" + length).body();

        Inflater first = new Inflater(true);
        first.setInput(wire, 10, wire.length - 10);
        byte[] firstHalf = new byte[length];
        int decoded = first.inflate(firstHalf);
        assertTrue(first.finished());
        int secondMember = wire.length - first.getRemaining() + 8;
        first.end();

        assertArrayEquals(Arrays.copyOf(HttpTestbedContent.body(length), length / 2), Arrays.copyOf(firstHalf, decoded));
        assertEquals(0x1f, wire[secondMember] & 0xff);
        assertEquals(0x8b, wire[secondMember + 1] & 0xff);
        byte[] second = HttpTestbedRawClient.decode(Arrays.copyOfRange(wire, secondMember, wire.length), "gzip");
        assertArrayEquals(Arrays.copyOfRange(HttpTestbedContent.body(length), length / 2, length), second);
    }

    @Test
    void sameCompressedPathGivesIdenticalBytes() throws IOException {
        assertArrayEquals(HttpTestbedRawClient.get(testbed, "/gzip/12345").body(),
                HttpTestbedRawClient.get(testbed, "/gzip/12345").body());
    }
}
