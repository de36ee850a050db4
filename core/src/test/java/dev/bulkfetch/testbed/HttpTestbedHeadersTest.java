package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Oversized response heads: many bytes of headers, or many header lines. */
class HttpTestbedHeadersTest {
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
    void hugeHeadersAddExactlyTheRequestedBytesOfFillerLines() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/huge-headers/100050");

        long fillerBytes = response.head().lines().stream()
                .filter(line -> line.startsWith("X-Filler-"))
                .mapToLong(line -> line.length() + 2)
                .sum();
        assertEquals(100_050, fillerBytes);
        assertEquals("ok\n", response.text());
    }

    @Test
    void manyHeadersSendsThatManyNumberedLines() throws IOException {
        Response response = HttpTestbedRawClient.get(testbed, "/many-headers/5000");

        assertEquals(5000, response.head().lines().stream().filter(line -> line.startsWith("X-Header-")).count());
        assertEquals("4999", response.header("X-Header-4999"));
        assertEquals("ok\n", response.text());
    }
}
