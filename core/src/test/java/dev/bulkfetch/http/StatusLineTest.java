package dev.bulkfetch.http;

import dev.bulkfetch.error.ErrorKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Status lines that lenient parsing lets through must still carry a three-digit status. */
class StatusLineTest {

    private static HttpFetchResult fetch(String response) {
        HttpEngineConfig config = HttpEngineConfig.builder().build();
        try (EmbeddedConnection c = new EmbeddedConnection(config, HttpUrl.parse("http://127.0.0.1:9/x"))) {
            byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
            c.feed(bytes, new int[] {bytes.length});
            assertEquals(1, c.results.size(), c.results.toString());
            return c.results.get(0);
        }
    }

    @Test
    void aStatusThatIsNotThreeDigitsIsMalformed() {
        // found by ChunkedResponsePropertiesTest: "\u000b00" read as status 0 and passed as a success
        HttpFetchResult r = fetch("HTTP/1.1 \u000b00 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals(ErrorKind.MALFORMED_RESPONSE, r.error().kind(), r.toString());
    }

    @Test
    void anOrdinaryStatusLineIsAnAnswer() {
        HttpFetchResult r = fetch("HTTP/1.1 204 No Content\r\n\r\n");
        assertEquals(204, r.status());
        assertEquals(null, r.error());
    }
}
