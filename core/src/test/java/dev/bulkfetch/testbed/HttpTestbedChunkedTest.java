package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chunked transfer coding as written on the wire: sizes, extensions, trailers, coded and endless bodies. */
class HttpTestbedChunkedTest {
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
    void chunkedBodyUsesChunksOfTheRequestedSize() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/chunked/1000/64");

        assertEquals("chunked", response.header("Transfer-Encoding"));
        assertNull(response.header("Content-Length"));
        List<String> expected = new ArrayList<>(Collections.nCopies(15, "40"));
        expected.add("28");
        expected.add("0");
        assertEquals(expected, response.chunkLines());
        assertEquals(List.of(), response.trailers());
        assertArrayEquals(HttpTestbedContent.expectedBody("/chunked/1000/64"), response.body());
    }

    @Test
    void chunkLargerThanAWriteStillGoesOutAsOneChunk() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/chunked/200000/150000");

        assertEquals(List.of("249f0", "c350", "0"), response.chunkLines());
        assertArrayEquals(HttpTestbedContent.body(200_000), response.body());
    }

    @Test
    void oneByteChunksCarryTheWholeBody() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/chunked/3000/1");

        assertEquals(3001, response.chunkLines().size());
        assertArrayEquals(HttpTestbedContent.body(3000), response.body());
    }

    @Test
    void chunkedBodyWithExtensionsCarriesTrailers() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/chunked-ext/300/100");

        assertEquals(List.of("64;seq=0;testbed", "64;seq=1;testbed", "64;seq=2;testbed", "0;seq=3;testbed"),
                response.chunkLines());
        assertEquals("X-Checksum, X-Body-Length", response.header("Trailer"));
        String sha = HttpTestbedContent.sha256Hex(HttpTestbedContent.expectedBody("/chunked-ext/300/100"));
        assertEquals(List.of("X-Checksum: " + sha, "X-Body-Length: 300"), response.trailers());
        assertEquals(sha, HttpTestbedContent.sha256Hex(response.body()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/gzip-chunked/300000/100", "/deflate-chunked/300000/77", "/gzip-chunked/0/5"})
    void compressedBodySentChunkedDecodesToTheBody(String path) throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, path);
        int chunkSize = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));

        assertEquals("chunked", response.header("Transfer-Encoding"));
        assertTrue(response.chunkLines().stream().allMatch(line -> Integer.parseInt(line, 16) <= chunkSize));
        assertEquals(HttpTestbedContent.sha256Hex(HttpTestbedContent.expectedBody(path)),
                HttpTestbedContent.sha256Hex(response.decodedBody()));
    }

    @Test
    void endlessChunkedKeepsSendingThePatternUntilTheClientLeaves() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/endless-chunked");
            assertEquals("chunked", client.readHead().header("Transfer-Encoding"));

            InputStream body = client.chunkedBody();
            byte[] prefix = body.readNBytes(40_000);

            assertArrayEquals(HttpTestbedContent.body(40_000), prefix);
        }
    }
}
