package dev.bulkfetch.http;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of chunked response decoding through the real connection pipeline (see
 * {@link EmbeddedConnection}): valid chunked bodies, whatever their chunk sizes, extensions, trailers,
 * content coding and read splits, decode to exactly the body; mutated framing (bad, huge or negative
 * sizes, missing CRLFs, wrong data lengths, truncation, junk) ends in exactly one result, a success or
 * a named error, with no exception in the pipeline and no allocation the size of a declared chunk.
 */
class ChunkedResponsePropertiesTest {
    private static final HttpUrl URL = HttpUrl.parse("http://127.0.0.1/prop");
    /** More than any try allocates for its own bytes, far less than a declared 2 GiB chunk would. */
    private static final long ALLOCATION_BOUND = 24L << 20;
    private static final Set<ErrorKind> NAMED = EnumSet.of(ErrorKind.MALFORMED_RESPONSE, ErrorKind.BODY_TOO_LARGE,
            ErrorKind.DECOMPRESSION_FAILED);

    private record Delivery(ChunkedStream stream, byte[] bytes, int[] reads, long maxBody, String mutation) {
        @Override
        public String toString() {
            return (mutation == null ? "" : "mutation " + mutation + ", ") + "max body " + maxBody + ", "
                    + reads.length + " reads, " + Property.Show.bytes(bytes) + "\n  " + stream;
        }
    }

    @Test
    void validChunkedBodiesDecodeToTheExactBodyHoweverTheyAreSplit() {
        Property.forAll("valid chunked bodies", r -> {
            ChunkedStream s = ChunkedStream.generate(r, Gen.pick(r, 100, 5_000, 60_000));
            byte[] bytes = s.bytes();
            return new Delivery(s, bytes, Gen.splits(r, bytes.length), 16L << 20, null);
        }).tries(500).check(d -> {
            try (EmbeddedConnection c = new EmbeddedConnection(config(d.maxBody()), URL)) {
                c.feed(d.bytes(), d.reads());
                assertEquals(1, c.results.size(), "the result comes with the last chunk, not at close");
                HttpFetchResult r = c.results.get(0);
                assertNull(r.error(), () -> String.valueOf(r.error()));
                assertEquals(200, r.status());
                assertTrue(r.payload().chunked());
                assertEquals(d.stream().encoding(), r.payload().contentEncoding());
                assertEquals(d.stream().body().length, r.payload().bytes());
                assertEquals(sha256(d.stream().body()), r.payload().sha256());
                assertArrayEquals(d.stream().body(), r.payload().body());
                assertEquals(d.bytes().length, r.payload().wireBytes(), "every byte of the response is counted once");
                assertTrue(c.exceptions.isEmpty(), () -> "exceptions in the pipeline: " + c.exceptions);
                c.peerCloses();
                assertEquals(1, c.results.size());
                return d.stream().encoding() == null ? "identity" : d.stream().encoding();
            }
        });
    }

    @Test
    void mutatedChunkedFramingEndsInOneResultOrANamedErrorWithinBoundedMemory() {
        Property.Outcomes o = Property.forAll("mutated chunked framing", ChunkedResponsePropertiesTest::mutated)
                .tries(1000)
                .timeLimit(Duration.ofSeconds(5))
                .check(ChunkedResponsePropertiesTest::deliverAndCheck);
        assertTrue(o.count("ok") > 0 && o.count(ErrorKind.MALFORMED_RESPONSE.name()) > 0
                && o.count(ErrorKind.BODY_TOO_LARGE.name()) > 0, "every end is reached: " + o);
    }

    @Test
    void overRealSocketsEveryMutatedResponseEndsInOneResultWithinTheDeadline() throws Exception {
        Duration total = Duration.ofMillis(1_000);
        Set<ErrorKind> allowed = EnumSet.of(ErrorKind.MALFORMED_RESPONSE, ErrorKind.BODY_TOO_LARGE,
                ErrorKind.DECOMPRESSION_FAILED, ErrorKind.READ_TIMEOUT, ErrorKind.DEADLINE_EXCEEDED,
                ErrorKind.CONNECTION_RESET);
        AtomicInteger callbacks = new AtomicInteger();
        int tries = 150; // a connection each, and a stall costs the 150 ms read timeout
        try (RawServer server = new RawServer();
             EngineOnALoop e = new EngineOnALoop(HttpEngineConfig.builder().readTimeout(Duration.ofMillis(150))
                     .firstByteTimeout(total).totalTimeout(total).keepBodies(true).build())) {
            HttpUrl url = HttpUrl.parse("http://127.0.0.1:" + server.port() + "/prop");
            Property.forAll("mutated responses over TCP", r -> {
                Delivery d = r.nextBoolean() ? mutated(r) : valid(r);
                return new Served(d, Gen.chance(r, 0.04)); // now and then the server goes silent instead of closing
            }).tries(tries).timeLimit(Duration.ofSeconds(10)).check(served -> {
                server.next = served;
                CompletableFuture<HttpFetchResult> done = new CompletableFuture<>();
                long start = System.nanoTime();
                e.engine.fetch(url, result -> {
                    callbacks.incrementAndGet();
                    done.complete(result);
                });
                HttpFetchResult result = done.get(5, TimeUnit.SECONDS);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < total.toMillis() + 500, "a result " + millis + " ms after the start");
                if (result.error() == null) {
                    assertTrue(result.status() >= 100 && result.status() <= 999, "status " + result.status());
                    return "ok";
                }
                assertTrue(allowed.contains(result.error().kind()), () -> "unexpected " + result.error());
                return result.error().kind().name();
            });
            Thread.sleep(200); // a second callback for a fetch would come late
            assertEquals(tries, callbacks.get(), "exactly one result per fetch");
        }
    }

    /** A valid chunked response, for the TCP property's mix. */
    private static Delivery valid(SplittableRandom r) {
        ChunkedStream s = ChunkedStream.generate(r, Gen.pick(r, 100, 5_000, 60_000));
        byte[] bytes = s.bytes();
        return new Delivery(s, bytes, Gen.splits(r, bytes.length), 16L << 20, null);
    }

    /** What the raw server answers the next request with. */
    private record Served(Delivery delivery, boolean stall) {
    }

    /** An HTTP engine on its own event loop, without DNS (the URLs are literals). */
    private static final class EngineOnALoop implements AutoCloseable {
        final io.netty.channel.EventLoopGroup group = dev.bulkfetch.loop.Transport.best().newGroup(1, "prop-http");
        final HttpEngine engine;

        EngineOnALoop(HttpEngineConfig config) {
            engine = HttpEngine.start(config, group.next(), null, HostsFile.empty());
        }

        @Override
        public void close() {
            engine.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * A server on 127.0.0.1 that reads a request head and writes the bytes of the current delivery in
     * its reads (a flush each, at most 32 writes), then closes, or stays silent until the client goes.
     */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final Thread acceptor;
        volatile Served next;

        RawServer() throws java.io.IOException {
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread t = new Thread(() -> serve(s), "prop-raw-conn");
                        t.setDaemon(true);
                        t.start();
                    } catch (java.io.IOException e) {
                        return; // closed
                    }
                }
            }, "prop-raw-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Socket s) {
            try (s) {
                s.setTcpNoDelay(true);
                java.io.InputStream in = s.getInputStream();
                int matched = 0;
                while (matched < 4) { // the end of the request head
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
                }
                Served served = next;
                Delivery d = served.delivery();
                java.io.OutputStream out = s.getOutputStream();
                int step = Math.max(1, d.reads().length / 32);
                int from = 0;
                for (int i = step - 1; i < d.reads().length; i += step) {
                    out.write(d.bytes(), from, d.reads()[i] - from);
                    out.flush();
                    from = d.reads()[i];
                }
                out.write(d.bytes(), from, d.bytes().length - from);
                out.flush();
                if (served.stall()) {
                    // silent until the client gives up (EOF) or sends another request on this kept-alive
                    // connection, which then ends here instead of waiting for an answer
                    in.read();
                }
            } catch (java.io.IOException e) {
                // the client closed first: fine
            }
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    /** Feeds a delivery, then the peer's close, and checks what came out. */
    private static String deliverAndCheck(Delivery d) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try (EmbeddedConnection c = new EmbeddedConnection(config(d.maxBody()), URL)) {
            c.feed(d.bytes(), d.reads());
            c.peerCloses();
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // what a read costs in buffers and messages is garbage, not held memory: it may grow with the
            // number of reads and bytes, never with the size a chunk line declares
            long bound = ALLOCATION_BOUND + 8L * d.bytes().length + 512L * d.reads().length;
            assertTrue(allocated < bound, () -> "allocated " + allocated + " bytes for a response of "
                    + d.bytes().length + " in " + d.reads().length + " reads");
            assertTrue(c.exceptions.isEmpty(), () -> "exceptions in the pipeline: " + c.exceptions);
            assertEquals(1, c.results.size(), () -> "results: " + c.results);
            HttpFetchResult r = c.results.get(0);
            if (r.error() != null) {
                assertTrue(NAMED.contains(r.error().kind()), () -> "unexpected error " + r.error());
                return r.error().kind().name();
            }
            assertTrue(r.status() >= 100 && r.status() <= 999, "status " + r.status());
            assertTrue(r.payload().bytes() <= d.maxBody());
            if (r.payload().body() != null) {
                assertEquals(r.payload().bytes(), r.payload().body().length);
                assertEquals(sha256(r.payload().body()), r.payload().sha256());
            }
            return "ok";
        }
    }

    private static Delivery mutated(SplittableRandom r) {
        ChunkedStream s = ChunkedStream.generate(r, Gen.pick(r, 50, 3_000, 40_000));
        List<ChunkedStream.Part> parts = new ArrayList<>(s.parts());
        StringBuilder what = new StringBuilder();
        byte[] tail = null;
        int truncateAt = -1;
        for (int m = Gen.between(r, 1, 2); m > 0; m--) {
            int kind = r.nextInt(11);
            what.append(what.length() > 0 ? " + " : "");
            switch (kind) {
                case 0, 1 -> {
                    int i = index(r, parts, ChunkedStream.Kind.SIZE_LINE, ChunkedStream.Kind.LAST_CHUNK);
                    String size = Gen.pick(r, "", "zz", "-1", "-0", "+a", "0x10", " a", "a b", "\ta", "1_0",
                            "\uFF11", "7fffffff", "80000000", "ffffffff", "100000000", "ffffffffffffffff",
                            "1" + "0".repeat(30), "0".repeat(200) + "1", "a;" + "x".repeat(Gen.between(r, 1, 40_000)),
                            "fffffff", "a\n", "a;ext\n", "a\rb");
                    what.append("size line ").append(i).append(" -> ").append(Property.Show.string(size));
                    parts.set(i, parts.get(i).withBytes(ChunkedStream.ascii(size + "\r\n")));
                }
                case 2 -> {
                    int i = index(r, parts, ChunkedStream.Kind.DATA_END);
                    String end = Gen.pick(r, "", "XX", "\r", "\n", "\n\n", " \r\n", "\r\r\n");
                    what.append("chunk end ").append(i).append(" -> ").append(Property.Show.string(end));
                    parts.set(i, parts.get(i).withBytes(ChunkedStream.ascii(end)));
                }
                case 3 -> {
                    int i = index(r, parts, ChunkedStream.Kind.DATA);
                    byte[] data = parts.get(i).bytes();
                    int n = Math.max(0, data.length + Gen.pick(r, -1, 1, -data.length, Gen.between(r, -8, 8)));
                    byte[] changed = java.util.Arrays.copyOf(data, n);
                    what.append("data ").append(i).append(" of ").append(data.length).append(" -> ").append(n);
                    parts.set(i, parts.get(i).withBytes(changed));
                }
                case 4 -> {
                    truncateAt = -2; // decided once the length is known
                    what.append("truncated");
                }
                case 5 -> {
                    int i = r.nextInt(parts.size());
                    byte[] b = parts.get(i).bytes().clone();
                    for (int k = Gen.between(r, 1, 3); k > 0 && b.length > 0; k--) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                    what.append("bytes of part ").append(i).append(" changed");
                    parts.set(i, parts.get(i).withBytes(b));
                }
                case 6 -> {
                    int i = r.nextInt(parts.size() + 1);
                    byte[] junk = Gen.bytes(r, 20);
                    what.append("junk inserted at part ").append(i);
                    parts.add(i, new ChunkedStream.Part(ChunkedStream.Kind.DATA, junk, -1));
                }
                case 7 -> {
                    // both framings: RFC 9112 6.3 says chunked wins, some say it is an attack
                    String head = new String(parts.get(0).bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                    String cl = "Content-Length: " + Gen.pick(r, "0", "5", "-1", "99999999999999999999", "abc") + "\r\n";
                    int end = head.indexOf('\n') + 1;
                    what.append("plus ").append(cl.strip());
                    String withLength = head.substring(0, end) + cl + head.substring(end);
                    parts.set(0, parts.get(0).withBytes(ChunkedStream.ascii(withLength)));
                }
                case 8 -> {
                    tail = Gen.chance(r, 0.5) ? ChunkedStream.ascii("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")
                            : Gen.bytes(r, 40);
                    what.append("bytes after the response");
                }
                case 9 -> {
                    // a huge declared chunk, then the connection ends long before it
                    int i = index(r, parts, ChunkedStream.Kind.SIZE_LINE, ChunkedStream.Kind.LAST_CHUNK);
                    parts.set(i, parts.get(i).withBytes(ChunkedStream.ascii(Gen.pick(r, "7ffffff0", "3fffffff", "fffff")
                            + "\r\n")));
                    while (parts.size() > i + 2) {
                        parts.remove(parts.size() - 1);
                    }
                    what.append("huge chunk at part ").append(i).append(", then the end");
                }
                default -> {
                    int i = index(r, parts, ChunkedStream.Kind.LAST_CHUNK, ChunkedStream.Kind.TRAILERS);
                    what.append("stream ends before part ").append(i);
                    while (parts.size() > i) {
                        parts.remove(parts.size() - 1);
                    }
                }
            }
        }
        ChunkedStream changed = s.withParts(parts);
        byte[] bytes = changed.bytes();
        if (tail != null) {
            bytes = concat(bytes, tail);
        }
        if (truncateAt == -2 && bytes.length > 1) {
            bytes = java.util.Arrays.copyOf(bytes, Gen.between(r, 1, bytes.length - 1));
        }
        if (bytes.length == 0) {
            bytes = new byte[] {'H'}; // some byte arrives: a silent peer is another property (first-byte timeout)
        }
        long maxBody = Gen.chance(r, 0.8) ? 16L << 20 : Gen.between(r, 0, 2_000);
        return new Delivery(changed, bytes, Gen.splits(r, bytes.length), maxBody, what.toString());
    }

    private static int index(SplittableRandom r, List<ChunkedStream.Part> parts, ChunkedStream.Kind... kinds) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (List.of(kinds).contains(parts.get(i).kind())) {
                at.add(i);
            }
        }
        return at.isEmpty() ? parts.size() - 1 : Gen.pick(r, at);
    }

    static HttpEngineConfig config(long maxBody) {
        return HttpEngineConfig.builder().maxBody(maxBody).keepBodies(true).build();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
