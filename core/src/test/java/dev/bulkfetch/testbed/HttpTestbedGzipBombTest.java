package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Head;
import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gzip bomb: a small chunked stream that inflates to N zero bytes. */
class HttpTestbedGzipBombTest {
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
    void gigabyteBombStartsWithChunksThatInflateToZeros() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/gzip-bomb/1073741824");
            Head head = client.readHead();
            InputStream zeros = new GZIPInputStream(client.chunkedBody());
            byte[] prefix = zeros.readNBytes(8 << 20);

            assertEquals("gzip", head.header("Content-Encoding"));
            assertEquals("chunked", head.header("Transfer-Encoding"));
            assertEquals(8 << 20, prefix.length);
            for (byte b : prefix) {
                assertEquals(0, b);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1 << 20, 3_000_001})
    void smallBombInflatesToExactlyNZerosWithAValidTrailer(int length) throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/gzip-bomb/" + length);
        // GZIPInputStream checks the CRC-32 and length in the trailer, so a wrong one fails here.
        byte[] decoded = response.decodedBody();

        assertEquals(length, decoded.length);
        for (byte b : decoded) {
            assertEquals(0, b);
        }
        assertTrue(response.body().length < 100 + length / 500, "compressed to " + response.body().length);
    }
}
