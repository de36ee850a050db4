package dev.bulkfetch.http;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.testbed.HttpTestbedContent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine against servers that lie about framing, speak out of turn, stop reading or send absurd heads:
 * each fetch ends with a named error (or, where the RFC gives one, the right body) within its deadline, and
 * the engine serves the next fetch correctly.
 */
class HttpEngineHostileServersTest {
    /** Room on top of a deadline the engine must keep, for a loaded machine. */
    private static final long MARGIN_MILLIS = 3_000;
    /**
     * The deadline of the fetches that must end on their own: far above what they take, so ending well below it
     * shows the engine saw the fault rather than waited it out.
     */
    private static final Duration LONG_DEADLINE = Duration.ofSeconds(20);
    /** "At once": well below {@link #LONG_DEADLINE}, with room for a loaded machine. */
    private static final long AT_ONCE_MILLIS = 5_000;

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The engine still fetches correctly, on the same origin, after whatever came before. */
    private static void assertHealthy(HttpFixture f) throws Exception {
        HttpFetchResult r = f.get("/bytes/1000");
        assertNull(r.error(), String.valueOf(r.error()));
        assertEquals(HttpTestbedContent.sha256Hex(HttpTestbedContent.body(1000)), r.payload().sha256());
    }

    @Test
    void malformedChunkSizesAreMalformedResponseAtOnce() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.totalTimeout(LONG_DEADLINE))) {
            for (int k = 0; k < 4; k++) {
                long start = System.nanoTime();
                HttpFetchResult r = f.get("/bad-chunk-size/" + k);
                assertEquals(ErrorKind.MALFORMED_RESPONSE, r.error().kind(), "K=" + k + ": " + r.error());
                assertEquals(200, r.status(), "the head had arrived");
                // the testbed leaves the connection open after the lie: only seeing it ends the fetch early
                assertTrue(millisSince(start) < AT_ONCE_MILLIS, "K=" + k + " took " + millisSince(start) + " ms");
            }
            assertHealthy(f);
        }
    }

    @Test
    void negativeAndOverflowingContentLengthsAreMalformedResponseAtOnce() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.totalTimeout(LONG_DEADLINE))) {
            for (String path : List.of("/negative-length", "/overflow-length")) {
                long start = System.nanoTime();
                HttpFetchResult r = f.get(path);
                assertEquals(ErrorKind.MALFORMED_RESPONSE, r.error().kind(), path + ": " + r.error());
                assertTrue(millisSince(start) < AT_ONCE_MILLIS, path + " took " + millisSince(start) + " ms");
            }
            assertHealthy(f);
        }
    }

    @Test
    void contentLengthWithChunkedIsRefusedAsMalformed() throws Exception {
        // RFC 9112 section 6.3 lets Transfer-Encoding override Content-Length, but says such a message "ought to
        // be handled as an error": it is how responses are split and requests smuggled. bulkfetch refuses it
        // (Netty's decoder does), and the connection, whose framing is now in doubt, is closed.
        try (HttpFixture f = new HttpFixture(b -> b.perHost(1))) {
            HttpFetchResult r = f.get("/length-and-chunked/5000");
            assertEquals(ErrorKind.MALFORMED_RESPONSE, r.error().kind(), String.valueOf(r.error()));
            assertTrue(r.error().message().contains("Content-Length") && r.error().message().contains("Transfer-Encoding"),
                    r.error().message());
            assertHealthy(f);
            assertEquals(2, f.server.connectionsAccepted(), "a fresh connection for the next fetch");
        }
    }

    @Test
    void identicalDuplicateContentLengthsAreOneLength() throws Exception {
        // RFC 9110 section 8.6: a recipient may take the one value of "9000, 9000", or of the same line twice (what a
        // proxy that merges or copies header lines leaves), as curl and browsers do. The body is read to exactly
        // that length: every fetch after it comes over the same kept-alive connection and parses.
        try (HttpFixture f = new HttpFixture(b -> b.perHost(1))) {
            for (int k = 0; k < 4; k++) {
                String path = "/duplicate-length/" + k + "/9000";
                HttpFetchResult r = f.get(path);
                assertNull(r.error(), path + ": " + r.error());
                assertEquals(200, r.status(), path);
                assertEquals(9000, r.payload().bytes(), path);
                assertEquals(HttpTestbedContent.sha256Hex(HttpTestbedContent.expectedBody(path)), r.payload().sha256(), path);
            }
            assertHealthy(f);
            assertEquals(1, f.server.connectionsAccepted(), "every response on one kept-alive connection");
        }
    }

    @Test
    void differingContentLengthsAreMalformedResponseAtOnce() throws Exception {
        // Two lengths, in two lines or one list: no rule says which is the body's, so the response is refused rather
        // than framed by a guess, and the connection, whose framing is in doubt, is closed.
        try (HttpFixture f = new HttpFixture(b -> b.totalTimeout(LONG_DEADLINE).perHost(1))) {
            for (int k = 0; k < 2; k++) {
                String path = "/conflicting-length/" + k + "/9000";
                long start = System.nanoTime();
                HttpFetchResult r = f.get(path);
                assertEquals(ErrorKind.MALFORMED_RESPONSE, r.error().kind(), path + ": " + r.error());
                assertTrue(r.error().message().contains("Content-Length"), r.error().message());
                // the testbed leaves the connection open after the lie: only seeing it ends the fetch early
                assertTrue(millisSince(start) < AT_ONCE_MILLIS, path + " took " + millisSince(start) + " ms");
            }
            assertHealthy(f);
            assertEquals(3, f.server.connectionsAccepted(), "a fresh connection after each refused response");
        }
    }

    @Test
    void replyAheadOfTheNextRequestIsNeverTakenForItsAnswer() throws Exception {
        // One connection and requests waiting for it: each answer frees the connection for the next request
        // while the unasked response is still in the same read, so taking it for that request's answer is one
        // step away. Every fetch must get its own body.
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            paths.add("/reply-ahead/" + (100 + i));
            paths.add("/bytes/" + (200 + i));
        }
        try (HttpFixture f = new HttpFixture(b -> b.perHost(1))) {
            List<HttpFetchResult> results = f.getAll(paths);
            for (int i = 0; i < paths.size(); i++) {
                HttpFetchResult r = results.get(i);
                assertNull(r.error(), paths.get(i) + ": " + r.error());
                assertEquals(HttpTestbedContent.sha256Hex(HttpTestbedContent.expectedBody(paths.get(i))), r.payload().sha256(),
                        paths.get(i));
            }
            assertHealthy(f);
        }
    }

    @Test
    void serverThatNeverReadsCannotHoldAWriteBeyondTheTotalDeadline() throws Exception {
        // After the first request the server reads nothing more; 63 more requests of ~4 KiB are pipelined behind
        // it, about 250 KiB: more than the kernel's buffers take, so the engine's writes stall
        String pad = "?pad=" + "p".repeat(3_900);
        List<String> paths = new ArrayList<>(List.of("/no-read/60000"));
        for (int i = 1; i < 64; i++) {
            paths.add("/no-read/60000" + pad + i);
        }
        try (HttpFixture f = new HttpFixture(b -> b.perHost(1).pipeline(64).firstByteTimeout(Duration.ofSeconds(5))
                .totalTimeout(Duration.ofMillis(1_500)))) {
            long start = System.nanoTime();
            List<HttpFetchResult> results = f.getAll(paths);
            long took = millisSince(start);
            for (HttpFetchResult r : results) {
                assertEquals(ErrorKind.DEADLINE_EXCEEDED, r.error() == null ? null : r.error().kind(), r.status() + " " + r.error() + " " + r.url() + " " + r.payload().bytes());
            }
            assertTrue(took >= 1_400 && took < 1_500 + MARGIN_MILLIS, "took " + took + " ms");
            assertHealthy(f);
        }
    }

    @Test
    void serverThatAcceptsAndNeverReadsCannotHoldStalledWritesBeyondTheTotalDeadline() throws Exception {
        // 64 pipelined requests with a 128 KiB header each, 8 MiB in all, to a socket that is never read: more
        // than the kernel's send and receive buffers can take (4 MiB each at most here), so the engine's writes
        // stall with most of it still queued. Only the total deadline can end that; it must, for every fetch.
        String pad = "p".repeat(128 * 1024);
        try (ServerSocket deaf = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
             HttpFixture f = new HttpFixture(b -> b.perHost(1).pipeline(64).header("X-Pad", pad)
                     .totalTimeout(Duration.ofMillis(1_500)))) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(deaf.accept()); // and never read
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "deaf-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            List<CompletableFuture<HttpFetchResult>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 64; i++) {
                futures.add(f.engine.fetch(HttpUrl.parse("http://127.0.0.1:" + deaf.getLocalPort() + "/" + i)));
            }
            for (CompletableFuture<HttpFetchResult> future : futures) {
                HttpFetchResult r = future.get(30, TimeUnit.SECONDS);
                assertEquals(ErrorKind.DEADLINE_EXCEEDED, r.error().kind(), String.valueOf(r.error()));
            }
            long took = millisSince(start);
            assertTrue(took >= 1_400 && took < 1_500 + MARGIN_MILLIS, "took " + took + " ms");
            assertTrue(!accepted.isEmpty(), "connected, then stalled");
            // the testbed refuses a 128 KiB request header with 400: a whole exchange, so the engine still works
            HttpFetchResult after = f.get("/bytes/1000");
            assertNull(after.error(), String.valueOf(after.error()));
            assertEquals(400, after.status());
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void megabyteOfHeadersAndHundredThousandHeaderLinesStopAtTheHeadLimit() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.totalTimeout(LONG_DEADLINE))) {
            for (String path : List.of("/huge-headers/1048576", "/many-headers/100000")) {
                long start = System.nanoTime();
                HttpFetchResult r = f.get(path);
                assertEquals(ErrorKind.MALFORMED_RESPONSE, r.error().kind(), path + ": " + r.error());
                assertTrue(r.error().message().contains("header"), r.error().message());
                // read up to the 64 KiB head limit, not the whole head
                assertTrue(r.payload().wireBytes() < 1 << 20, path + " read " + r.payload().wireBytes());
                assertTrue(millisSince(start) < AT_ONCE_MILLIS, path + " took " + millisSince(start) + " ms");
            }
            assertHealthy(f);
        }
    }

    @Test
    void oneBytePerSecondForeverEndsAtTheTotalDeadline() throws Exception {
        // 256 MiB at one byte a second: each byte comes well within the read timeout, so only the total deadline
        // can end it
        try (HttpFixture f = new HttpFixture(b -> b.readTimeout(Duration.ofSeconds(5)).totalTimeout(Duration.ofMillis(2_500)))) {
            long start = System.nanoTime();
            HttpFetchResult r = f.get("/trickle/268435456/1000");
            long took = millisSince(start);
            assertEquals(ErrorKind.DEADLINE_EXCEEDED, r.error().kind(), String.valueOf(r.error()));
            assertEquals(200, r.status(), "the head came at once");
            assertTrue(r.payload().wireBytes() < 1_000, "a head and a byte or two: " + r.payload().wireBytes());
            assertTrue(took >= 2_400 && took < 2_500 + MARGIN_MILLIS, "took " + took + " ms");
            assertHealthy(f);
        }
    }
}
