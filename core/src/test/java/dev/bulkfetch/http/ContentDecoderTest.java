package dev.bulkfetch.http;

import dev.bulkfetch.error.FetchException;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.testbed.HttpTestbedContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link ContentDecoder} against streams written by {@code java.util.zip}: what comes out, where the
 * caps stop it, and which kind of error each broken stream yields, however the wire splits the bytes.
 */
class ContentDecoderTest {
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;

    // ---- identity

    @Test
    void identityPassesBytesThroughAndCountsThem() throws Exception {
        byte[] body = HttpTestbedContent.body(5000);
        for (String encoding : new String[] {null, "", "  ", "identity", " IDENTITY ", "identity, identity"}) {
            try (ContentDecoder decoder = new ContentDecoder()) {
                assertTrue(decoder.begin(encoding, 5000), String.valueOf(encoding));
                assertEquals("identity", decoder.encoding());
                assertArrayEquals(body, decode(decoder, body, 1000, 3000));
                assertEquals(5000, decoder.decodedBytes());
            }
        }
    }

    @Test
    void identityBeyondTheCapIsBodyTooLarge() throws Exception {
        byte[] body = HttpTestbedContent.body(5000);
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin(null, 4999);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            decoder.feed(heap(body, 0, 4000), sink::write);
            assertKind(ErrorKind.BODY_TOO_LARGE, () -> decoder.feed(heap(body, 4000, 5000), sink::write));
            assertTrue(decoder.decodedBytes() <= 4999);
            assertTrue(sink.size() <= 4999);
        }
    }

    // ---- the codings

    @Test
    void gzipAndXGzipDecodeToTheTestbedBody() throws Exception {
        for (int n : new int[] {0, 1, 100, 6526, 65_536, 1_000_000}) {
            byte[] body = HttpTestbedContent.body(n);
            for (String encoding : new String[] {"gzip", "x-gzip", " GZip\t", "X-GZIP"}) {
                try (ContentDecoder decoder = new ContentDecoder()) {
                    assertTrue(decoder.begin(encoding, n));
                    assertEquals("gzip", decoder.encoding());
                    byte[] decoded = decode(decoder, gzip(body), 7, 4096);
                    assertEquals(HttpTestbedContent.sha256Hex(body), HttpTestbedContent.sha256Hex(decoded),
                            encoding + " " + n);
                    assertEquals(n, decoder.decodedBytes());
                }
            }
        }
    }

    @Test
    void zlibDeflateDecodesToTheTestbedBody() throws Exception {
        for (int n : new int[] {0, 1, 100, 6526, 1_000_000}) {
            byte[] body = HttpTestbedContent.body(n);
            try (ContentDecoder decoder = new ContentDecoder()) {
                assertTrue(decoder.begin("Deflate", n));
                assertEquals("deflate", decoder.encoding());
                assertArrayEquals(body, decode(decoder, zlib(body), 1, 5000), "zlib " + n);
            }
        }
    }

    @Test
    void rawDeflateIsDetectedAndDecoded() throws Exception {
        for (int n : new int[] {0, 1, 100, 6526, 1_000_000}) {
            byte[] body = HttpTestbedContent.body(n);
            for (int level : new int[] {Deflater.NO_COMPRESSION, Deflater.BEST_SPEED, Deflater.BEST_COMPRESSION}) {
                try (ContentDecoder decoder = new ContentDecoder()) {
                    assertTrue(decoder.begin("deflate", n));
                    assertArrayEquals(body, decode(decoder, rawDeflate(body, level), 1, 5000),
                            "raw " + n + " level " + level);
                }
            }
        }
    }

    @Test
    void concatenatedGzipMembersDecodeInSequence() throws Exception {
        byte[] first = HttpTestbedContent.body(3000);
        byte[] second = "and the second member\n".getBytes(StandardCharsets.US_ASCII);
        byte[] third = new byte[0];
        byte[] wire = concat(gzip(first), gzip(second), gzip(third), gzip(first));
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin("gzip", Long.MAX_VALUE);
            assertArrayEquals(concat(first, second, third, first), decode(decoder, wire));
        }
    }

    @Test
    void gzipHeaderWithExtraNameCommentAndHeaderCrcIsSkipped() throws Exception {
        byte[] body = HttpTestbedContent.body(2000);
        int[] flagSets = {FEXTRA, FNAME, FCOMMENT, FHCRC, FEXTRA | FNAME | FCOMMENT | FHCRC, FNAME | FHCRC};
        for (int flags : flagSets) {
            try (ContentDecoder decoder = new ContentDecoder()) {
                decoder.begin("gzip", body.length);
                assertArrayEquals(body, decode(decoder, gzipMember(flags, body)), "flags " + flags);
            }
        }
    }

    @Test
    void wrongGzipHeaderCrcIsDecompressionFailed() throws Exception {
        byte[] wire = gzipMember(FNAME | FHCRC, HttpTestbedContent.body(100));
        int hcrc = 10 + "name.txt".length() + 1;
        wire[hcrc] ^= 1;
        assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "gzip", wire);
    }

    @Test
    void everySplitOfASmallBodyGivesTheSameOutput() throws Exception {
        byte[] body = HttpTestbedContent.body(300);
        byte[][] cases = {
                concat(gzipMember(FEXTRA | FNAME | FCOMMENT | FHCRC, body), gzip(body), new byte[3]),
                zlib(body),
                rawDeflate(body, Deflater.DEFAULT_COMPRESSION),
        };
        String[] encodings = {"gzip", "deflate", "deflate"};
        byte[][] expected = {concat(body, body), body, body};
        try (ContentDecoder decoder = new ContentDecoder()) {
            for (int c = 0; c < cases.length; c++) {
                byte[] wire = cases[c];
                decoder.begin(encodings[c], Long.MAX_VALUE);
                int[] everyByte = new int[wire.length - 1];
                Arrays.setAll(everyByte, i -> i + 1);
                assertArrayEquals(expected[c], decode(decoder, wire, everyByte), "byte by byte, case " + c);
                for (int cut = 0; cut <= wire.length; cut++) {
                    decoder.begin(encodings[c], Long.MAX_VALUE);
                    assertArrayEquals(expected[c], decode(decoder, wire, cut), "cut at " + cut + ", case " + c);
                }
            }
        }
    }

    @Test
    void directAndCompositeBuffersDecodeLikeHeapBuffers() throws Exception {
        byte[] body = new byte[100_000];
        new Random(7).nextBytes(body); // incompressible, so the wire is several copy arrays long
        byte[] wire = gzip(body);
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin("gzip", body.length);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            // Larger than the copy array, so one direct chunk is read in several pieces.
            int half = wire.length / 2;
            ByteBuf direct = Unpooled.directBuffer(half).writeBytes(wire, 0, half);
            CompositeByteBuf composite = Unpooled.compositeBuffer()
                    .addComponent(true, Unpooled.wrappedBuffer(wire, half, 10))
                    .addComponent(true, Unpooled.directBuffer().writeBytes(wire, half + 10, wire.length - half - 10));
            decoder.feed(direct, sink::write);
            decoder.feed(composite, sink::write);
            decoder.end(sink::write);
            assertArrayEquals(body, sink.toByteArray());
            direct.release();
            composite.release();
        }
    }

    @Test
    void feedLeavesTheReaderIndexAndReferenceCountAlone() throws Exception {
        byte[] wire = gzip(HttpTestbedContent.body(1000));
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin("gzip", 1000);
            ByteBuf direct = Unpooled.directBuffer().writeBytes(wire, 20, wire.length - 20);
            for (ByteBuf chunk : new ByteBuf[] {heap(wire, 0, 20), direct}) {
                int readerIndex = chunk.readerIndex();
                decoder.feed(chunk, (b, o, l) -> { });
                assertEquals(readerIndex, chunk.readerIndex());
                assertEquals(1, chunk.refCnt());
                chunk.release();
            }
            decoder.end((b, o, l) -> { });
        }
    }

    // ---- stacked and unsupported codings

    @Test
    void stackedCodingsAreDecodedInReverseOrder() throws Exception {
        byte[] body = HttpTestbedContent.body(100_000);
        try (ContentDecoder decoder = new ContentDecoder()) {
            assertTrue(decoder.begin("deflate, gzip", body.length));
            assertEquals("deflate, gzip", decoder.encoding());
            assertArrayEquals(body, decode(decoder, gzip(zlib(body)), 3, 999));

            assertTrue(decoder.begin("gzip,gzip", body.length));
            assertArrayEquals(body, decode(decoder, gzip(gzip(body))));

            assertTrue(decoder.begin("gzip, identity", body.length));
            assertEquals("gzip", decoder.encoding());
            assertArrayEquals(body, decode(decoder, gzip(body)));

            assertTrue(decoder.begin("gzip, deflate, x-gzip", body.length));
            assertEquals("gzip, deflate, gzip", decoder.encoding());
            assertArrayEquals(body, decode(decoder, gzip(rawDeflate(gzip(body), Deflater.BEST_SPEED))));
        }
    }

    @Test
    void unsupportedCodingsAreRefusedAndPassedThrough() throws Exception {
        byte[] bytes = {1, 2, 3, 4};
        try (ContentDecoder decoder = new ContentDecoder()) {
            for (String encoding : new String[] {"br", "zstd", "compress", "x-compress", "gzip, br", "gzipx",
                    "gzip, gzip, gzip, gzip"}) {
                assertFalse(decoder.begin(encoding, 10), encoding);
                assertEquals("identity", decoder.encoding());
                assertArrayEquals(bytes, decode(decoder, bytes), encoding);
            }
        }
    }

    // ---- caps and bombs

    @Test
    void bodyEndingExactlyAtTheCapPassesAndOneMoreByteFails() throws Exception {
        byte[] body = HttpTestbedContent.body(100_000);
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin("gzip", body.length);
            assertArrayEquals(body, decode(decoder, gzip(body)));
            decoder.begin("gzip", body.length - 1);
            assertKind(ErrorKind.BODY_TOO_LARGE, () -> decode(decoder, gzip(body)));
            assertTrue(decoder.decodedBytes() <= body.length - 1);
        }
    }

    @Test
    void gzipBombOfOneGibibyteStopsAtMaxDecoded() throws Exception {
        long cap = 16L << 20;
        long[] written = {0};
        int[] largestWrite = {0};
        ContentDecoder.Output out = (bytes, offset, length) -> {
            written[0] += length;
            largestWrite[0] = Math.max(largestWrite[0], length);
        };
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin("gzip", cap);
            long start = System.nanoTime();
            decoder.feed(heap(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, (byte) 255}), out);
            DeflateBomb bomb = new DeflateBomb(1L << 30);
            assertKind(ErrorKind.BODY_TOO_LARGE, () -> bomb.streamInto(decoder, out));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(decoder.decodedBytes() <= cap, "decoded " + decoder.decodedBytes());
            assertTrue(written[0] <= cap, "written " + written[0]);
            assertTrue(largestWrite[0] <= ContentDecodingLayer.STEP, "largest write " + largestWrite[0]);
            assertTrue(bomb.generated < 256L << 20, "compressed " + bomb.generated + " zero bytes before the stop");
            assertTrue(millis < 10_000, "took " + millis + " ms");
        }
    }

    @Test
    void innerCodingFedEndlessEmptyBlocksIsBodyTooLarge() throws Exception {
        // A raw deflate stream of empty, non-final stored blocks decodes to nothing however long it is;
        // wrapped in gzip it is a bomb for the inner layer's work, not for the output.
        byte[] emptyStoredBlock = {0, 0, 0, (byte) 0xFF, (byte) 0xFF};
        byte[] pattern = new byte[64 * 1024 - (64 * 1024) % emptyStoredBlock.length];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = emptyStoredBlock[i % emptyStoredBlock.length];
        }
        long[] written = {0};
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin("deflate, gzip", 1 << 20);
            ContentDecoder.Output out = (b, o, l) -> written[0] += l;
            decoder.feed(heap(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, (byte) 255}), out);
            DeflateBomb bomb = new DeflateBomb(1L << 30, pattern);
            assertKind(ErrorKind.BODY_TOO_LARGE, () -> bomb.streamInto(decoder, out));
            assertEquals(0, written[0]);
            assertTrue(bomb.generated < 64L << 20, "stopped after " + bomb.generated);
        }
    }

    // ---- broken streams

    @Test
    void gzipCrcMismatchIsDecompressionFailed() throws Exception {
        byte[] wire = gzip(HttpTestbedContent.body(1000));
        wire[wire.length - 8] ^= 0x40;
        assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "gzip", wire);
    }

    @Test
    void gzipIsizeMismatchIsDecompressionFailed() throws Exception {
        byte[] wire = gzip(HttpTestbedContent.body(1000));
        wire[wire.length - 4] ^= 0x01;
        assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "gzip", wire);
    }

    @Test
    void zlibAdlerMismatchIsDecompressionFailed() throws Exception {
        byte[] wire = zlib(HttpTestbedContent.body(1000));
        wire[wire.length - 1] ^= 0x01;
        assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "deflate", wire);
    }

    @Test
    void badMagicMethodAndReservedFlagsAreDecompressionFailed() throws Exception {
        byte[] good = gzip(HttpTestbedContent.body(100));
        for (int[] damage : new int[][] {{0, 0x1E}, {1, 0x8C}, {2, 7}, {3, 0x20}}) {
            byte[] wire = good.clone();
            wire[damage[0]] = (byte) damage[1];
            assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "gzip", wire);
        }
    }

    @Test
    void truncatedStreamsFailAtEnd() throws Exception {
        byte[] body = HttpTestbedContent.body(2000);
        byte[][] cases = {gzipMember(FNAME | FHCRC, body), zlib(body), rawDeflate(body, Deflater.DEFAULT_COMPRESSION)};
        String[] encodings = {"gzip", "deflate", "deflate"};
        try (ContentDecoder decoder = new ContentDecoder()) {
            for (int c = 0; c < cases.length; c++) {
                for (int length = 1; length < cases[c].length; length++) {
                    decoder.begin(encodings[c], Long.MAX_VALUE);
                    ByteArrayOutputStream sink = new ByteArrayOutputStream();
                    decoder.feed(heap(cases[c], 0, length), sink::write);
                    FetchException e = assertThrows(FetchException.class, () -> decoder.end(sink::write),
                            "case " + c + " cut to " + length);
                    assertEquals(ErrorKind.DECOMPRESSION_FAILED, e.error().kind());
                }
            }
        }
    }

    @Test
    void emptyBodyIsEmptyContentForEveryCoding() throws Exception {
        try (ContentDecoder decoder = new ContentDecoder()) {
            for (String encoding : new String[] {"gzip", "deflate", "deflate, gzip"}) {
                decoder.begin(encoding, 0);
                assertEquals(0, decode(decoder, new byte[0]).length);
            }
        }
    }

    @Test
    void trailingZerosAreToleratedAndOtherTrailingBytesAreNot() throws Exception {
        byte[] body = HttpTestbedContent.body(500);
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin("gzip", body.length);
            assertArrayEquals(body, decode(decoder, concat(gzip(body), new byte[100])));
            decoder.begin("deflate", body.length);
            assertArrayEquals(body, decode(decoder, concat(zlib(body), new byte[7])));
        }
        byte[] garbage = "<html>".getBytes(StandardCharsets.US_ASCII);
        assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "gzip", concat(gzip(body), garbage));
        assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "gzip", concat(gzip(body), new byte[4], gzip(body)));
        assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "deflate", concat(zlib(body), garbage));
        assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "deflate", concat(rawDeflate(body, 6), garbage));
        assertDecodeFails(ErrorKind.DECOMPRESSION_FAILED, "deflate", concat(zlib(body), zlib(body)));
    }

    @Test
    void randomGarbageOnlyEverFailsWithFetchException() throws Exception {
        Random random = new Random(20261125);
        byte[][] valid = {gzip(HttpTestbedContent.body(3000)), zlib(HttpTestbedContent.body(3000)),
                rawDeflate(HttpTestbedContent.body(3000), 6), gzip(zlib(HttpTestbedContent.body(3000)))};
        String[] encodings = {"gzip", "deflate", "deflate", "deflate, gzip"};
        int failures = 0;
        try (ContentDecoder decoder = new ContentDecoder()) {
            for (int i = 0; i < 5000; i++) {
                int which = random.nextInt(valid.length);
                byte[] wire;
                if (i % 2 == 0) {
                    // Damaged real streams get past the headers and into the inflater and trailers.
                    wire = valid[which].clone();
                    for (int k = 1 + random.nextInt(4); k > 0; k--) {
                        wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
                    }
                    if (random.nextInt(4) == 0) {
                        wire = Arrays.copyOf(wire, random.nextInt(wire.length + 50));
                    }
                } else {
                    wire = new byte[random.nextInt(400)];
                    random.nextBytes(wire);
                    if (random.nextBoolean() && wire.length > 2) {
                        // Plausible openings, so garbage is fed to the inflater instead of failing at byte 0.
                        byte[] opening = random.nextBoolean()
                                ? new byte[] {0x1F, (byte) 0x8B, 8, 0} : new byte[] {0x78, (byte) 0x9C};
                        System.arraycopy(opening, 0, wire, 0, Math.min(opening.length, wire.length));
                    }
                }
                long cap = random.nextBoolean() ? Long.MAX_VALUE : random.nextInt(5000);
                decoder.begin(encodings[which], cap);
                int[] cuts = random.ints(random.nextInt(4), 0, wire.length + 1).sorted().toArray();
                try {
                    decode(decoder, wire, cuts);
                } catch (FetchException expected) {
                    failures++;
                    ErrorKind kind = expected.error().kind();
                    assertTrue(kind == ErrorKind.DECOMPRESSION_FAILED || kind == ErrorKind.BODY_TOO_LARGE, kind.name());
                } catch (RuntimeException | Error e) {
                    fail("case " + i + " (" + encodings[which] + ", " + wire.length + " bytes) threw " + e, e);
                }
            }
        }
        assertTrue(failures > 2500, "only " + failures + " of 5000 failed");
    }

    // ---- reuse

    @Test
    void oneInstanceDecodesBodyAfterBody() throws Exception {
        byte[] a = HttpTestbedContent.body(10_000);
        byte[] b = HttpTestbedContent.body(77_777);
        byte[] broken = gzip(a);
        broken[broken.length - 5] ^= 1;
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin("gzip", a.length);
            assertArrayEquals(a, decode(decoder, gzip(a)));
            decoder.begin("deflate", b.length);
            assertArrayEquals(b, decode(decoder, zlib(b)));
            decoder.begin("deflate", b.length);
            assertArrayEquals(b, decode(decoder, rawDeflate(b, 1)));
            decoder.begin(null, a.length);
            assertArrayEquals(a, decode(decoder, a));

            decoder.begin("gzip", a.length);
            FetchException failure = assertThrows(FetchException.class, () -> decode(decoder, broken));
            assertSame(failure, assertThrows(FetchException.class, () -> decoder.end((x, y, z) -> { })),
                    "a failed body keeps failing until the next begin");

            decoder.begin("gzip", b.length);
            assertArrayEquals(b, decode(decoder, gzip(b)));
            assertEquals(b.length, decoder.decodedBytes());
        }
    }

    @Test
    void closedDecoderRefusesNewBodies() {
        ContentDecoder decoder = new ContentDecoder();
        decoder.begin("gzip", 10);
        decoder.close();
        decoder.close();
        assertThrows(IllegalStateException.class, () -> decoder.begin("gzip", 10));
    }

    // ---- helpers

    /**
     * Feeds {@code wire} cut at the given positions (ascending; those past the end are ignored), ends the
     * body and returns the output.
     */
    private static byte[] decode(ContentDecoder decoder, byte[] wire, int... cuts) throws FetchException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int from = 0;
        for (int cut : cuts) {
            int to = Math.max(from, Math.min(cut, wire.length));
            decoder.feed(heap(wire, from, to), sink::write);
            from = to;
        }
        decoder.feed(heap(wire, from, wire.length), sink::write);
        decoder.end(sink::write);
        return sink.toByteArray();
    }

    private static void assertDecodeFails(ErrorKind kind, String encoding, byte[] wire) {
        try (ContentDecoder decoder = new ContentDecoder()) {
            decoder.begin(encoding, Long.MAX_VALUE);
            assertKind(kind, () -> decode(decoder, wire));
        }
    }

    private static void assertKind(ErrorKind kind, Executable executable) {
        FetchException e = assertThrows(FetchException.class, executable);
        assertEquals(kind, e.error().kind(), e.getMessage());
    }

    /** A heap buffer over the whole array with its reader index at {@code from}, as a slice of a read would be. */
    private static ByteBuf heap(byte[] wire, int from, int to) {
        return Unpooled.wrappedBuffer(wire).setIndex(from, to);
    }

    private static ByteBuf heap(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    static byte[] zlib(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    static byte[] rawDeflate(byte[] data, int level) {
        Deflater deflater = new Deflater(level, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            bytes.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return bytes.toByteArray();
    }

    /** A gzip member with the optional header fields {@code flags} asks for, which GZIPOutputStream never writes. */
    static byte[] gzipMember(int flags, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1F, (byte) 0x8B, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
        if ((flags & FEXTRA) != 0) {
            byte[] extra = {'A', 'B', 4, 0, 9, 8, 7, 6};
            out.write(extra.length);
            out.write(0);
            out.writeBytes(extra);
        }
        if ((flags & FNAME) != 0) {
            out.writeBytes("name.txt\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        if ((flags & FCOMMENT) != 0) {
            out.writeBytes("a comment, not a name\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        if ((flags & FHCRC) != 0) {
            CRC32 crc = new CRC32();
            crc.update(out.toByteArray());
            out.write((int) crc.getValue());
            out.write((int) crc.getValue() >> 8);
        }
        out.writeBytes(rawDeflate(data, Deflater.DEFAULT_COMPRESSION));
        CRC32 crc = new CRC32();
        crc.update(data);
        writeLittleEndian32(out, crc.getValue());
        writeLittleEndian32(out, data.length);
        return out.toByteArray();
    }

    private static void writeLittleEndian32(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >> 8 * i));
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Raw deflate data of a long run of one repeated block, compressed as it is fed so the whole run is
     * never in memory; the decoder is expected to stop it long before the end.
     */
    private static final class DeflateBomb {
        private final long size;
        private final byte[] block;
        long generated;

        DeflateBomb(long size) {
            this(size, new byte[64 * 1024]);
        }

        DeflateBomb(long size, byte[] block) {
            this.size = size;
            this.block = block;
        }

        void streamInto(ContentDecoder decoder, ContentDecoder.Output out) throws FetchException {
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            byte[] compressed = new byte[16 * 1024];
            ByteBuf chunk = Unpooled.wrappedBuffer(compressed);
            try {
                while (generated < size) {
                    deflater.setInput(block);
                    generated += block.length;
                    while (!deflater.needsInput()) {
                        int n = deflater.deflate(compressed);
                        decoder.feed(chunk.setIndex(0, n), out);
                    }
                }
                deflater.finish();
                while (!deflater.finished()) {
                    int n = deflater.deflate(compressed);
                    decoder.feed(chunk.setIndex(0, n), out);
                }
                decoder.end(out);
            } finally {
                deflater.end();
            }
        }
    }
}
