package dev.bulkfetch.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses the testbed pattern into the content codings the encoded paths serve, and deflates runs of
 * zeros for the gzip bomb. Results are cached because benchmarks ask for the same few paths over and over,
 * and compressing a large body on the event loop for every request would measure the testbed, not the client.
 */
final class HttpTestbedCompression {
    /** The content codings the encoded paths serve. */
    enum Format {
        /** One gzip member (RFC 1952). */
        GZIP,
        /** Two gzip members, the first half of the body and then the second. */
        GZIP_TWO_MEMBERS,
        /** The zlib format (RFC 1950), which is what {@code Content-Encoding: deflate} means. */
        ZLIB,
        /** Raw deflate (RFC 1951) without the zlib wrapper, as some servers wrongly send for "deflate". */
        RAW_DEFLATE
    }

    private record Key(Format format, long length) {
    }

    private static final int SCRATCH = 64 * 1024;
    private static final int MAX_CACHED_ENTRIES = 64;
    private static final int MAX_CACHED_BYTES = 8 << 20;
    private static final Map<Key, byte[]> CACHE = new ConcurrentHashMap<>();

    private HttpTestbedCompression() {
    }

    /** The first {@code length} bytes of the pattern in {@code format}; callers must not modify the array. */
    static byte[] pattern(Format format, long length) {
        Key key = new Key(format, length);
        byte[] cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] encoded = encode(format, length);
        if (encoded.length <= MAX_CACHED_BYTES) {
            // Clearing instead of evicting one entry keeps the cache bounded with no bookkeeping; a benchmark
            // uses far fewer distinct paths than the limit, so it never notices.
            if (CACHE.size() >= MAX_CACHED_ENTRIES) {
                CACHE.clear();
            }
            CACHE.put(key, encoded);
        }
        return encoded;
    }

    /**
     * Raw deflate blocks that decode to {@code count} zero bytes. With {@code last} false they end on a byte
     * boundary in a non-final block (a sync flush), so copies can be strung together; with {@code last} true
     * they end the deflate stream. The output never refers to data before it, so it is valid at any point.
     */
    static byte[] deflatedZeros(int count, boolean last) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(new byte[count]);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[SCRATCH];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            } else {
                int written;
                do {
                    written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    out.write(buffer, 0, written);
                } while (written == buffer.length || !deflater.needsInput());
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] encode(Format format, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            switch (format) {
                case GZIP -> gzip(out, 0, length);
                case GZIP_TWO_MEMBERS -> {
                    gzip(out, 0, length / 2);
                    gzip(out, length / 2, length);
                }
                case ZLIB -> deflate(out, false, length);
                case RAW_DEFLATE -> deflate(out, true, length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory compression failed", e);
        }
        return out.toByteArray();
    }

    private static void gzip(ByteArrayOutputStream out, long from, long to) throws IOException {
        // GZIPOutputStream writes a fixed header (mtime 0), so the bytes are the same on every run; closing
        // it writes the trailer and leaves the shared ByteArrayOutputStream usable (its close does nothing).
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, SCRATCH)) {
            copyPattern(gzip, from, to);
        }
    }

    private static void deflate(ByteArrayOutputStream out, boolean raw, long length) throws IOException {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater, SCRATCH)) {
            copyPattern(stream, 0, length);
        } finally {
            deflater.end();
        }
    }

    /** Feeds the pattern through a scratch buffer so the uncompressed body is never held whole. */
    private static void copyPattern(OutputStream out, long from, long to) throws IOException {
        byte[] scratch = new byte[SCRATCH];
        for (long at = from; at < to; ) {
            int count = (int) Math.min(SCRATCH, to - at);
            HttpTestbedContent.copyPattern(at, scratch, 0, count);
            out.write(scratch, 0, count);
            at += count;
        }
    }
}
