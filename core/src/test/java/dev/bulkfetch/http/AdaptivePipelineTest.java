package dev.bulkfetch.http;

import dev.bulkfetch.testbed.HttpTestbedContent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The default pipelining: earned per host by a server that keeps up, and given up on one that loses requests. */
class AdaptivePipelineTest {

    /** Fetches the testbed's paths at once: each must be a 200 with its own expected body. */
    private static void assertEachBody(HttpFixture f, List<String> paths) throws Exception {
        List<HttpFetchResult> results = f.getAll(paths);
        for (int i = 0; i < paths.size(); i++) {
            HttpFetchResult r = results.get(i);
            String path = paths.get(i);
            assertNull(r.error(), path + " -> " + r.error());
            assertEquals(200, r.status(), path);
            assertEquals(HttpTestbedContent.sha256Hex(HttpTestbedContent.expectedBody(path)), r.payload().sha256(), path);
        }
    }

    private static List<String> paths(String prefix, int n) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add(prefix + (100 + i));
        }
        return paths;
    }

    /** Fetches {@code n} paths of the dropper at once: each must succeed with its own path as its body. */
    private static void fetchEachGetsItsOwnPath(HttpFixture f, PipelineDropper server, int n) throws Exception {
        List<String> paths = paths("/bytes/", n);
        List<CompletableFuture<HttpFetchResult>> futures = new ArrayList<>();
        for (String p : paths) {
            futures.add(f.engine.fetch(HttpUrl.parse(server.url(p))));
        }
        for (int i = 0; i < paths.size(); i++) {
            HttpFetchResult r = futures.get(i).get(60, TimeUnit.SECONDS);
            assertNull(r.error(), paths.get(i) + " -> " + r.error());
            assertEquals(200, r.status());
            assertEquals(HttpTestbedContent.sha256Hex(paths.get(i).getBytes(StandardCharsets.US_ASCII)),
                    r.payload().sha256(), paths.get(i));
        }
    }

    @Test
    void byDefaultAQuickKeptAliveServerEarnsTheFullDepthOnOneConnection() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.perHost(1))) {
            assertEachBody(f, paths("/bytes/", 300));
            PipeliningStats p = f.engine.pipelining();
            assertEquals(HttpEngineConfig.ADAPTIVE_PIPELINE_MAX, p.deepest());
            assertEquals(0, p.stopped());
            assertEquals(1, f.server.connectionsAccepted());
        }
    }

    @Test
    void aServerThatClosesAfterEveryResponseIsNeverPipelined() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.perHost(2))) {
            assertEachBody(f, paths("/http10/", 60));
            assertEquals(1, f.engine.pipelining().deepest());
            assertEquals(60, f.server.requestsServed(), "none sent twice");
        }
    }

    @Test
    void aServerThatRepliesAheadOfRequestsIsNeverPipelined() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            paths.add("/bytes/" + (200 + i));
            paths.add("/reply-ahead/" + (100 + i));
        }
        try (HttpFixture f = new HttpFixture(b -> b.perHost(1))) {
            assertEachBody(f, paths);
            PipeliningStats p = f.engine.pipelining();
            assertEquals(1, p.stopped());
            assertEquals(1, p.deepest(), "an unasked response is seen before any request is pipelined");
        }
    }

    @Test
    void aServerThatDropsPipelinedRequestsWithoutAWordLosesNoFetchAndIsNotPipelinedAgain() throws Exception {
        try (PipelineDropper server = new PipelineDropper();
             HttpFixture f = new HttpFixture(b -> b.perHost(1))) {
            fetchEachGetsItsOwnPath(f, server, 400);
            PipeliningStats p = f.engine.pipelining();
            assertEquals(2, p.deepest(), "earned once, on the first connection");
            assertEquals(1, p.stopped());
            assertEquals(2, server.connections.get(), "the second connection was never pipelined, so never dropped");
        }
    }

    @Test
    void aServerThatIgnoresPipelinedRequestsCostsOneFirstByteWaitAndNoFetch() throws Exception {
        try (PipelineDropper server = new PipelineDropper(false);
             HttpFixture f = new HttpFixture(b -> b.perHost(1).firstByteTimeout(Duration.ofMillis(300)))) {
            fetchEachGetsItsOwnPath(f, server, 200);
            PipeliningStats p = f.engine.pipelining();
            assertEquals(2, p.deepest());
            assertEquals(1, p.stopped());
            assertEquals(2, server.connections.get(), "the timed-out connection, then one that was never pipelined");
        }
    }

    /**
     * A keep-alive server that, finding a request read behind the one it just answered, closes the connection
     * without a word and drops it; each body is its request's path. One request at a time, it never closes.
     */
    private static final class PipelineDropper implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket socket;

        PipelineDropper() throws IOException {
            this(true);
        }

        /**
         * @param close close the connection on a pipelined request; false: drop the request and wait for the next,
         *              like a server that reads one request per read and throws the rest of the read away
         */
        PipelineDropper(boolean close) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        connections.incrementAndGet();
                        serve(s, close);
                    } catch (IOException e) {
                        // closed by the test, or the client reset the connection: take the next one
                    }
                }
            }, "pipeline-dropper");
            thread.setDaemon(true);
            thread.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        private static void serve(Socket s, boolean close) throws IOException {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String pending = "";
            byte[] buf = new byte[8192];
            while (true) {
                int end = pending.indexOf("\r\n\r\n");
                if (end < 0) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return;
                    }
                    pending += new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    continue;
                }
                int sp = pending.indexOf(' ');
                String path = pending.substring(sp + 1, pending.indexOf(' ', sp + 1));
                pending = pending.substring(end + 4);
                // sent before this answer: a request at a time cannot be, so it was pipelined
                boolean pipelined = !pending.isEmpty() || in.available() > 0;
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + path.length() + "\r\n\r\n" + path)
                        .getBytes(StandardCharsets.US_ASCII)); // one write: no wait for a delayed ACK
                out.flush();
                if (pipelined && close) {
                    return; // dropped, and the connection with it
                }
                if (pipelined) {
                    pending = ""; // dropped; what is still to come in the socket is dropped as it arrives
                    while (in.available() > 0) {
                        in.read(buf);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
