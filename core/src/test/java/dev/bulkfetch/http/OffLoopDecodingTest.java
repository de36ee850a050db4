package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.testbed.HttpTestbedContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalChannel;
import io.netty.util.concurrent.DefaultEventExecutor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies decoded and hashed on decode workers ({@link OffLoopBody}) instead of the event loop: the records are
 * those of decoding on the loop, field for field, each joined to its own target; the caps still stop bombs and
 * oversize bodies; a lagging worker makes its connection stop reading rather than buffer.
 */
class OffLoopDecodingTest {
    /** compressed, identity above and below the off-loop threshold, chunked, stacked framings */
    private static final List<String> PATHS = List.of("/gzip/102400", "/bytes/100", "/gzip/1", "/deflate/70000",
            "/deflate-raw/70001", "/bytes/100000", "/gzip-multi/30001", "/gzip-chunked/90000/333",
            "/deflate-chunked/40000/100", "/x-gzip/5000", "/chunked/50000/777", "/bytes/0", "/gzip/0",
            "/close-delimited/40000", "/interim/64");

    private static String sha(String path) {
        return HttpTestbedContent.sha256Hex(HttpTestbedContent.expectedBody(path));
    }

    private static List<String> mixed(int n) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add(i % 2 == 0 ? "/gzip/" + (50_000 + i * 97) : i % 3 == 0 ? "/bytes/" + (40_000 + i) : "/bytes/" + i);
        }
        return paths;
    }

    @Test
    void recordsAreThoseOfDecodingOnTheLoop() throws Exception {
        List<HttpFetchResult> onLoop;
        try (HttpFixture f = new HttpFixture(b -> b.decodeThreads(0))) {
            onLoop = f.getAll(PATHS);
        }
        try (HttpFixture f = new HttpFixture(b -> b.decodeThreads(2))) {
            List<HttpFetchResult> offLoop = f.getAll(PATHS);
            for (int i = 0; i < PATHS.size(); i++) {
                String p = PATHS.get(i);
                HttpFetchResult r = offLoop.get(i);
                assertNull(r.error(), p + " -> " + r.error());
                assertEquals(sha(p), r.payload().sha256(), p);
                assertEquals(HttpTestbedContent.expectedBody(p).length, r.payload().bytes(), p);
                HttpFetchResult.Payload want = onLoop.get(i).payload();
                assertEquals(want.sha256(), r.payload().sha256(), p);
                assertEquals(want.bytes(), r.payload().bytes(), p);
                assertEquals(want.wireBytes(), r.payload().wireBytes(), p);
                assertEquals(want.contentEncoding(), r.payload().contentEncoding(), p);
                assertEquals(want.chunked(), r.payload().chunked(), p);
            }
        }
    }

    @Test
    void pipelinedBodiesOnOneConnectionEachGetTheirOwnDigest() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.perHost(1).pipeline(8).decodeThreads(2))) {
            List<String> paths = mixed(200);
            List<HttpFetchResult> results = f.getAll(paths);
            for (int i = 0; i < paths.size(); i++) {
                assertNull(results.get(i).error(), paths.get(i) + " -> " + results.get(i).error());
                assertEquals(sha(paths.get(i)), results.get(i).payload().sha256(), paths.get(i));
            }
            assertEquals(1, f.server.connectionsAccepted());
        }
    }

    @Test
    void manyConnectionsOnTwoWorkersKeepOneRecordPerTarget() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.perHost(20).decodeThreads(2))) {
            List<String> paths = mixed(600);
            List<HttpFetchResult> results = f.getAll(paths);
            assertEquals(paths.size(), results.size());
            for (int i = 0; i < paths.size(); i++) {
                assertEquals(200, results.get(i).status(), paths.get(i));
                assertEquals(sha(paths.get(i)), results.get(i).payload().sha256(), paths.get(i));
            }
        }
    }

    @Test
    void keptBodiesAreTheDecodedBytes() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.keepBodies(true).decodeThreads(2))) {
            for (String p : List.of("/gzip/102400", "/deflate-chunked/40000/100", "/bytes/100000")) {
                assertArrayEquals(HttpTestbedContent.expectedBody(p), f.get(p).payload().body(), p);
            }
        }
    }

    @Test
    void gzipBombStopsAtMaxBodyOffTheLoop() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.maxBody(1 << 20).decodeThreads(2))) {
            HttpFetchResult r = f.get("/gzip-bomb/1073741824");
            assertEquals(ErrorKind.BODY_TOO_LARGE, r.error().kind());
            assertTrue(r.payload().wireBytes() < 200_000, "stopped reading early: " + r.payload().wireBytes());
            assertEquals(ErrorKind.BODY_TOO_LARGE, f.get("/bytes/2000000").error().kind());
            assertEquals(ErrorKind.BODY_TOO_LARGE, f.get("/gzip/1048577").error().kind());
            HttpFetchResult atCap = f.get("/gzip/1048576");
            assertNull(atCap.error());
            assertEquals(sha("/gzip/1048576"), atCap.payload().sha256());
        }
    }

    @Test
    void aBodyCutAtTheCapKeepsTheBytesBeforeIt() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.maxBody(10_000).keepBodies(true).decodeThreads(1))) {
            HttpFetchResult r = f.get("/gzip/50000");
            assertEquals(ErrorKind.BODY_TOO_LARGE, r.error().kind());
            byte[] kept = r.payload().body();
            assertTrue(kept != null && kept.length <= 10_000, "kept " + (kept == null ? null : kept.length));
            byte[] expected = HttpTestbedContent.expectedBody("/gzip/50000");
            for (int i = 0; i < kept.length; i++) {
                assertEquals(expected[i], kept[i], "byte " + i);
            }
        }
    }

    @Test
    void aLaggingWorkerStopsItsConnectionReadingUntilItCatchesUp() throws Exception {
        DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);
        DefaultEventExecutor worker = new DefaultEventExecutor();
        try {
            EventLoop loop = loops.next();
            LocalChannel channel = new LocalChannel();
            loop.register(channel).sync();
            CompletableFuture<String> digest = new CompletableFuture<>();
            OffLoopBody body = new OffLoopBody(worker, channel, new OffLoopBody.Results() {
                @Override
                public void bodyDecoded(Exchange ex, long decodedBytes, String sha256, byte[] decoded) {
                    digest.complete(decodedBytes + " " + sha256);
                }

                @Override
                public void bodyFailed(Exchange ex, BulkError error, byte[] partialBody) {
                    digest.completeExceptionally(new AssertionError(error.toString()));
                }
            });
            CountDownLatch stalled = new CountDownLatch(1);
            worker.execute(() -> {
                try {
                    stalled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            byte[] bytes = HttpTestbedContent.body(200_000);
            List<ByteBuf> pieces = new ArrayList<>();
            loop.submit(() -> {
                body.begin(null, true, 1 << 20, false);
                for (int at = 0; at < bytes.length; at += 25_000) {
                    ByteBuf piece = Unpooled.wrappedBuffer(bytes, at, 25_000);
                    pieces.add(piece);
                    body.accept(null, piece, at + 25_000 == bytes.length);
                    piece.release(); // as the response handler does once the connection has it
                }
            }).sync();
            assertFalse(channel.config().isAutoRead(), "reading stops while " + body.pending() + " bytes wait");
            assertTrue(body.pending() > OffLoopBody.HIGH_WATER);
            assertEquals(1, pieces.get(0).refCnt(), "handed over retained, not copied");
            stalled.countDown();
            assertEquals(bytes.length + " " + HttpTestbedContent.sha256Hex(bytes), digest.get(10, TimeUnit.SECONDS));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!loop.submit(() -> channel.config().isAutoRead()).get() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertTrue(channel.config().isAutoRead(), "reading resumes once the worker caught up");
            assertEquals(0, body.pending());
            for (ByteBuf piece : pieces) {
                assertEquals(0, piece.refCnt(), "every piece released by the worker");
            }
        } finally {
            worker.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void decodeThreadsDefaultToOnePerCoreAndZeroMeansOnTheLoop() {
        assertEquals(Math.min(HttpEngineConfig.MAX_DECODE_THREADS, Runtime.getRuntime().availableProcessors()),
                HttpEngineConfig.builder().build().decodeThreads());
        assertEquals(0, HttpEngineConfig.builder().decodeThreads(0).build().decodeThreads());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HttpEngineConfig.builder().decodeThreads(-1).build());
    }
}
