package dev.bulkfetch.http;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.testbed.HttpTestbedContent;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP engine against the embedded testbed: bodies, framings, errors, timeouts, pooling. */
class HttpEngineTest {

    private static String sha(String path) {
        return HttpTestbedContent.sha256Hex(HttpTestbedContent.expectedBody(path));
    }

    private static void assertBody(HttpFetchResult r, String path) {
        assertNull(r.error(), path + " -> " + r.error());
        assertEquals(200, r.status(), path);
        assertEquals(HttpTestbedContent.expectedBody(path).length, r.payload().bytes(), path);
        assertEquals(sha(path), r.payload().sha256(), path);
    }

    @Test
    void everyContentPathDecodesToItsExpectedBody() throws Exception {
        List<String> paths = List.of("/bytes/0", "/bytes/1", "/bytes/100000", "/chunked/50000/777",
                "/chunked-ext/20000/1000", "/gzip/100000", "/x-gzip/5000", "/deflate/70000", "/deflate-raw/70000",
                "/gzip-multi/30001", "/gzip-chunked/90000/333", "/deflate-chunked/40000/100", "/close-delimited/12345",
                "/http10/2000", "/bare-lf/300", "/interim/64", "/delay/50/10");
        try (HttpFixture f = new HttpFixture(b -> { })) {
            for (String p : paths) {
                assertBody(f.get(p), p);
            }
            HttpFetchResult gz = f.get("/gzip/100000");
            assertEquals("gzip", gz.payload().contentEncoding());
            assertTrue(gz.payload().wireBytes() < 20_000, "compressed on the wire: " + gz.payload().wireBytes());
            assertTrue(f.get("/chunked/1000/10").payload().chunked());
            assertEquals("HTTP/1.0", f.get("/http10/5").httpVersion());
        }
    }

    @Test
    void withoutCompressionTheEncodedBytesAreKeptAsSent() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.compression(false))) {
            HttpFetchResult r = f.get("/bytes/500");
            assertBody(r, "/bytes/500");
        }
    }

    @Test
    void headAnd204And304HaveNoBody() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.head(true))) {
            HttpFetchResult r = f.get("/bytes/100000");
            assertNull(r.error());
            assertEquals(200, r.status());
            assertEquals(0, r.payload().bytes());
            // the connection stays usable: the decoder did not wait for 100000 body bytes
            assertEquals(200, f.get("/bytes/10").status());
        }
        try (HttpFixture f = new HttpFixture(b -> { })) {
            assertEquals(0, f.get("/status/204").payload().bytes());
            assertEquals(304, f.get("/status/304").status());
            HttpFetchResult notFound = f.get("/status/404");
            assertNull(notFound.error(), "an HTTP error status is a result, not an error");
            assertEquals(404, notFound.status());
        }
    }

    @Test
    void closedPortGivesConnectRefusedWithErrno111() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (HttpFixture f = new HttpFixture(b -> { })) {
            HttpFetchResult r = f.fetchUrl("http://127.0.0.1:" + port + "/");
            assertEquals(ErrorKind.CONNECT_REFUSED, r.error().kind());
            assertEquals(111, r.error().errno());
        }
    }

    @Test
    void resetAndCloseMidBodyAreNamed() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> { })) {
            HttpFetchResult reset = f.get("/reset/1000");
            assertEquals(ErrorKind.CONNECTION_RESET, reset.error().kind(), reset.error().toString());
            assertEquals(104, reset.error().errno());
            assertEquals(200, reset.status(), "the head had arrived");
            HttpFetchResult closed = f.get("/close/1000");
            assertEquals(ErrorKind.MALFORMED_RESPONSE, closed.error().kind());
            assertTrue(closed.error().message().contains("Content-Length"), closed.error().message());
        }
    }

    @Test
    void silentServerGivesFirstByteTimeout() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.firstByteTimeout(Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            HttpFetchResult r = f.get("/hang");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ErrorKind.FIRST_BYTE_TIMEOUT, r.error().kind());
            assertTrue(ms >= 290 && ms < 5_000, "took " + ms + " ms");
        }
    }

    @Test
    void tricklingServerCannotDodgeTheTotalDeadline() throws Exception {
        // one byte every 100 ms never trips a 1 s idle timeout; the 800 ms total deadline must hold
        try (HttpFixture f = new HttpFixture(b -> b.readTimeout(Duration.ofSeconds(1)).totalTimeout(Duration.ofMillis(800)))) {
            long start = System.nanoTime();
            HttpFetchResult r = f.get("/trickle/1000/100");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ErrorKind.DEADLINE_EXCEEDED, r.error().kind());
            assertTrue(ms >= 790 && ms < 3_000, "took " + ms + " ms");
        }
    }

    @Test
    void idleReadTimeoutFiresBetweenSlowBytes() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.readTimeout(Duration.ofMillis(200)))) {
            HttpFetchResult r = f.get("/trickle/100/1000");
            assertEquals(ErrorKind.READ_TIMEOUT, r.error().kind());
        }
    }

    @Test
    void gzipBombStopsAtMaxBody() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.maxBody(1 << 20))) {
            long start = System.nanoTime();
            HttpFetchResult r = f.get("/gzip-bomb/1073741824");
            assertEquals(ErrorKind.BODY_TOO_LARGE, r.error().kind());
            assertTrue(r.payload().wireBytes() < 200_000, "stopped reading early: " + r.payload().wireBytes());
            assertTrue((System.nanoTime() - start) / 1e9 < 10);
            assertEquals(ErrorKind.BODY_TOO_LARGE, f.get("/bytes/2000000").error().kind());
        }
    }

    @Test
    void endlessChunkedBodyEndsAtTheCapOrTheDeadline() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.maxBody(256 * 1024).totalTimeout(Duration.ofSeconds(5)))) {
            HttpFetchResult capped = f.get("/endless-chunked");
            assertEquals(ErrorKind.BODY_TOO_LARGE, capped.error().kind());
        }
        try (HttpFixture f = new HttpFixture(b -> b.totalTimeout(Duration.ofMillis(500)))) {
            long start = System.nanoTime();
            HttpFetchResult timed = f.get("/endless-chunked");
            assertEquals(ErrorKind.DEADLINE_EXCEEDED, timed.error().kind());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 3_000);
        }
    }

    @Test
    void oversizeHeadersAreMalformed() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.maxHeaderBytes(16 * 1024))) {
            assertEquals(ErrorKind.MALFORMED_RESPONSE, f.get("/huge-headers/100000").error().kind());
            assertEquals(ErrorKind.MALFORMED_RESPONSE, f.get("/many-headers/5000").error().kind());
            assertEquals(200, f.get("/huge-headers/2000").status());
        }
    }

    @Test
    void redirectsAreFollowedAndRecordedUpToTheLimit() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.follow(5))) {
            HttpFetchResult r = f.get("/redirect/3");
            assertNull(r.error());
            assertEquals(200, r.status());
            assertEquals(3, r.redirects().size());
            assertTrue(r.url().target().equals("/redirect/0"), r.url().toString());
            assertEquals(200, f.get("/redirect-abs/2").status());
        }
        try (HttpFixture f = new HttpFixture(b -> b.follow(2))) {
            assertEquals(ErrorKind.TOO_MANY_REDIRECTS, f.get("/redirect/3").error().kind());
        }
        try (HttpFixture f = new HttpFixture(b -> { })) {
            HttpFetchResult r = f.get("/redirect/3");
            assertEquals(302, r.status(), "without --follow the redirect is the result");
        }
    }

    @Test
    void keepAliveReusesOneConnection() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.perHost(1))) {
            for (int i = 0; i < 50; i++) {
                assertBody(f.get("/bytes/" + (i * 10)), "/bytes/" + (i * 10));
            }
            assertEquals(1, f.server.connectionsAccepted());
            assertEquals(50, f.server.requestsServed());
        }
    }

    @Test
    void perHostCapHoldsOnTheServerSide() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.perHost(4))) {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                paths.add("/delay/50/" + i);
            }
            for (HttpFetchResult r : f.getAll(paths)) {
                assertEquals(200, r.status());
            }
            assertTrue(f.server.maxOpenConnections() <= 4, "peak " + f.server.maxOpenConnections());
            assertEquals(4, f.server.connectionsAccepted());
        }
    }

    @Test
    void pipelinedResponsesAreMatchedInOrder() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.perHost(1).pipeline(8))) {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                paths.add(i % 3 == 0 ? "/gzip/" + (i * 97) : "/bytes/" + (i * 31));
            }
            List<HttpFetchResult> results = f.getAll(paths);
            for (int i = 0; i < paths.size(); i++) {
                assertBody(results.get(i), paths.get(i));
            }
            assertEquals(1, f.server.connectionsAccepted());
        }
    }

    @Test
    void pipelinedRequestsSurviveAServerThatClosesAfterEachResponse() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.perHost(2).pipeline(4))) {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                paths.add("/http10/" + (100 + i));
            }
            List<HttpFetchResult> results = f.getAll(paths);
            for (int i = 0; i < paths.size(); i++) {
                assertBody(results.get(i), paths.get(i));
            }
        }
    }

    @Test
    void corruptGzipBodyIsDecompressionFailed() throws Exception {
        byte[] garbage = "this is not gzip at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (ServerSocket raw = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
             HttpFixture f = new HttpFixture(b -> { })) {
            Thread server = new Thread(() -> {
                try (java.net.Socket s = raw.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                            + garbage.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().write(garbage);
                    s.getOutputStream().flush();
                    s.getInputStream().read(); // hold the connection until the client closes it
                } catch (java.io.IOException ignored) {
                    // the client closed first
                }
            });
            server.start();
            HttpFetchResult r = f.fetchUrl("http://127.0.0.1:" + raw.getLocalPort() + "/");
            assertEquals(ErrorKind.DECOMPRESSION_FAILED, r.error().kind(), String.valueOf(r.error()));
            assertEquals(200, r.status());
        }
    }

    @Test
    void fullAcceptBacklogGivesConnectTimeoutWithErrno110() throws Exception {
        // a loopback listener that never accepts: once its backlog is full, the kernel stops answering SYNs
        try (ServerSocket stuck = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             HttpFixture f = new HttpFixture(b -> b.connectTimeout(Duration.ofMillis(200)))) {
            List<java.net.Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(stuck.getLocalSocketAddress(), 100);
                        fillers.add(s);
                    } catch (java.io.IOException full) {
                        s.close();
                        break;
                    }
                }
                HttpFetchResult r = f.fetchUrl("http://127.0.0.1:" + stuck.getLocalPort() + "/");
                assertEquals(ErrorKind.CONNECT_TIMEOUT, r.error().kind(), String.valueOf(r.error()));
                assertEquals(110, r.error().errno());
            } finally {
                for (java.net.Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void hostNamesGoThroughTheDnsEngine() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> { })) {
            int port = f.server.port();
            HttpFetchResult r = f.fetchUrl("http://www.bulkfetch.test:" + port + "/bytes/10");
            assertNull(r.error());
            assertEquals("127.0.0.1", r.ip());
            assertTrue(r.timings().dns() >= 0);
            assertEquals(ErrorKind.DNS_NXDOMAIN, f.fetchUrl("http://nx-gone.bulkfetch.test:" + port + "/").error().kind());
            // a second name of the same host comes from the cache
            assertEquals(0, f.fetchUrl("http://www.bulkfetch.test:" + port + "/bytes/1").timings().dns());
        }
    }
}
