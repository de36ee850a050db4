package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedRawClient.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The paths that speak out of turn or stop listening, observed with a plain socket. */
class HttpTestbedTurnTakingTest {
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
    void replyAheadSendsAResponseNobodyAskedForRightBehindTheAnswer() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/reply-ahead/300");
            Response answer = client.readResponse(false);
            // read before any second request is sent: this reply answers nothing
            Response unasked = client.readResponse(false);

            assertArrayEquals(HttpTestbedContent.expectedBody("/reply-ahead/300"), answer.body());
            assertEquals(200, unasked.status());
            assertEquals("nobody asked me\n", unasked.text());
        }
    }

    @Test
    void noReadStopsReadingSoTheClientsWritesStallThenClosesAfterTheDelay() throws IOException {
        long servedBefore = testbed.requestsServed();
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.send("GET", "/no-read/1500");
            long sent = System.nanoTime();
            // keep writing without reading: the testbed reads nothing more, so the kernel buffers fill
            long written = writeUntilStalled(client.socket().getOutputStream(), 64L << 20);
            assertTrue(written < 64L << 20, "the writes stalled after " + written + " bytes");
            client.socket().setSoTimeout(5_000);
            assertClosed(client);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertTrue(millis >= 1_400, "closed after " + millis + " ms");
        }
        assertEquals(servedBefore, testbed.requestsServed(), "never counted as an answer");
    }

    @Test
    void noReadAnswersNothingBeforeItsDelay() throws IOException {
        try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
            client.socket().setSoTimeout(300);
            client.send("GET", "/no-read/5000");

            assertThrows(SocketTimeoutException.class, () -> client.input().read());
        }
    }

    /** End of stream, or a reset: closing with unread bytes in its buffer makes the testbed's kernel send RST. */
    private static void assertClosed(HttpTestbedRawClient client) throws IOException {
        try {
            assertEquals(-1, client.input().read(), "closed after the delay, without an answer");
        } catch (SocketException reset) {
            assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.toString());
        }
    }

    /**
     * Writes from a helper thread, since a blocking write that stalls cannot be interrupted; returns how much
     * went out before the writes stopped making progress (or {@code limit}).
     */
    private static long writeUntilStalled(OutputStream out, long limit) {
        byte[] block = "X".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try {
                while (written.get() < limit) {
                    out.write(block);
                    written.addAndGet(block.length);
                }
            } catch (IOException closed) {
                // the testbed closed after its delay
            }
        }, "stalled-writer");
        writer.setDaemon(true);
        writer.start();
        long last = -1;
        for (int i = 0; i < 50 && written.get() != last; i++) {
            last = written.get();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return written.get();
    }
}
