package dev.bulkfetch.http;

import dev.bulkfetch.error.FetchException;
import dev.bulkfetch.error.ErrorKind;
import io.netty.buffer.ByteBuf;

/**
 * Decodes the Content-Encoding of HTTP bodies as they arrive, in bounded memory and bounded work: it
 * raises {@link ErrorKind#BODY_TOO_LARGE} as soon as the decoded body would pass its cap and
 * {@link ErrorKind#DECOMPRESSION_FAILED} for anything that is not a complete, intact stream.
 *
 * <p>One instance serves one connection on its event loop, body after body; it is not thread-safe.
 * The inflate state is kept between bodies because setting it up per response measured 37% slower.
 *
 * <pre>{@code
 * if (!decoder.begin(headers.get(CONTENT_ENCODING), maxBody)) {
 *     // unsupported coding (br, zstd, ...): keep the bytes as they are
 * }
 * decoder.feed(content, sink);   // per HttpContent, sink gets decoded bytes
 * decoder.end(sink);             // at LastHttpContent
 * }</pre>
 *
 * <p>Supported: {@code identity} (or no header), {@code gzip} and {@code x-gzip} (every member of a
 * multi-member body, CRC-32 and ISIZE checked), {@code deflate} as zlib or as raw deflate (told apart by
 * the first two bytes, since servers send both; the zlib Adler-32 is checked). A list such as
 * {@code deflate, gzip} is decoded in reverse order, up to three codings; {@code identity}
 * entries are ignored. Zero bytes after the last stream are tolerated as padding; any other trailing byte
 * that does not start a new gzip member is corruption. An empty body is empty content whatever its coding.
 *
 * <p>Bounds: each coding decodes into one reused 16 KiB array and stops
 * one byte past its cap, so a bomb costs at most {@code maxDecoded + 1} bytes of inflate work and no
 * memory beyond that array; the inner layers of a stacked encoding are capped too (at the cap plus a small slack), so
 * an outer layer cannot feed an inner one endless input that decodes to nothing. Decoded bytes reach the
 * {@link Output} before the checksum at the end of the stream is verified; a failure at that point
 * still fails the body.
 *
 * @see FetchException
 */
public final class ContentDecoder implements AutoCloseable {
    /** More stacked codings than this are reported unsupported: real servers send one, rarely two. */
    static final int MAX_CODINGS = 3;

    private static final String IDENTITY = "identity";

    /** Receives decoded bytes; the array is only valid during the call. */
    @FunctionalInterface
    public interface Output {
        /** Takes {@code length} decoded bytes at {@code offset}; must not keep or modify the array. */
        void write(byte[] bytes, int offset, int length);
    }

    /** Outermost coding first; created when a body first needs them, then kept with their Inflaters. */
    private final ContentDecodingLayer[] layers = new ContentDecodingLayer[MAX_CODINGS];
    /** The codings of the header being parsed, in header order (the order they were applied). */
    private final ContentDecodingLayer.Format[] parsed = new ContentDecodingLayer.Format[MAX_CODINGS];
    /** Created once so that feeding a chunk allocates nothing; forwards to the {@link Output} of the call. */
    private final ContentDecodingSink toOutput = (bytes, offset, length) -> this.out.write(bytes, offset, length);

    /** The {@link Output} of the call in progress; null between calls so no caller's sink is retained. */
    private Output out;
    private int depth;
    private String encoding = IDENTITY;
    private long maxDecoded;
    private long identityBytes;
    private boolean open;
    private boolean closed;
    private FetchException failure;

    public ContentDecoder() {
    }

    /**
     * Starts a new body. encoding = the Content-Encoding header value or null; returns false when the
     * encoding is not supported (then the caller passes bytes through untouched), true otherwise (identity
     * included). maxDecoded = cap on decoded bytes (BODY_TOO_LARGE beyond).
     *
     * <p>After {@code false} the decoder treats the body as identity, still counting and capping, so a
     * caller may keep feeding it; {@link #encoding()} then says {@code identity}.
     *
     * @throws IllegalArgumentException if {@code maxDecoded} is negative
     * @throws IllegalStateException    after {@link #close()}
     */
    public boolean begin(String encoding, long maxDecoded) {
        if (closed) {
            throw new IllegalStateException("content decoder is closed");
        }
        if (maxDecoded < 0) {
            throw new IllegalArgumentException("negative maxDecoded " + maxDecoded);
        }
        this.maxDecoded = maxDecoded;
        identityBytes = 0;
        failure = null;
        open = true;
        int count = encoding == null ? 0 : parse(encoding, parsed);
        if (count <= 0) {
            depth = 0;
            this.encoding = IDENTITY;
            return count == 0;
        }
        for (int i = 0; i < count; i++) {
            if (layers[i] == null) {
                layers[i] = new ContentDecodingLayer(i);
            }
        }
        long inner = innerLimit(maxDecoded);
        for (int i = 0; i < count; i++) {
            boolean last = i == count - 1;
            layers[i].begin(parsed[count - 1 - i], last ? maxDecoded : inner, !last,
                    last ? toOutput : layers[i + 1]);
        }
        depth = count;
        this.encoding = count == 1 ? parsed[0].token : join(parsed, count);
        return true;
    }

    /**
     * What {@link #begin} would make of this Content-Encoding header, without a decoder: {@code identity}, the
     * normalized coding ({@code gzip}, {@code "deflate, gzip"}), or null when it is not supported. The event
     * loop asks this when a body is decoded on another thread, so the record's coding is known at once.
     */
    public static String codingOf(String header) {
        if (header == null) {
            return IDENTITY;
        }
        ContentDecodingLayer.Format[] formats = new ContentDecodingLayer.Format[MAX_CODINGS];
        int count = parse(header, formats);
        return count < 0 ? null : count == 0 ? IDENTITY : count == 1 ? formats[0].token : join(formats, count);
    }

    /**
     * Feeds the next wire (compressed) bytes of the body; decoded bytes go to out. Does not release or
     * retain the ByteBuf; reads its readable bytes without changing readerIndex.
     *
     * @throws FetchException        {@code BODY_TOO_LARGE} or {@code DECOMPRESSION_FAILED}; once thrown, the
     *                               body is over and every later call until {@link #begin} throws it again
     * @throws IllegalStateException without a body begun, after {@link #end}, or after {@link #close()}
     */
    public void feed(ByteBuf chunk, Output out) throws FetchException {
        checkOpen();
        int length = chunk.readableBytes();
        if (length == 0) {
            return;
        }
        this.out = out;
        try {
            int index = chunk.readerIndex();
            if (chunk.hasArray()) {
                consume(chunk.array(), chunk.arrayOffset() + index, length);
            } else {
                byte[] wire = DecodeBuffers.wire();
                while (length > 0) {
                    int n = Math.min(length, wire.length);
                    chunk.getBytes(index, wire, 0, n);
                    consume(wire, 0, n);
                    index += n;
                    length -= n;
                }
            }
        } catch (FetchException e) {
            failure = e;
            throw e;
        } finally {
            this.out = null;
        }
    }

    /**
     * The body ended on the wire: checks the compressed stream is complete. Every decoded byte has
     * already gone out during {@link #feed}, so {@code out} receives nothing today; it is part of the
     * contract so a coding that buffers could flush.
     *
     * @throws FetchException {@code DECOMPRESSION_FAILED} for a truncated stream, or the earlier failure
     */
    public void end(Output out) throws FetchException {
        checkOpen();
        this.out = out;
        try {
            for (int i = 0; i < depth; i++) {
                layers[i].end();
            }
            open = false;
        } catch (FetchException e) {
            failure = e;
            throw e;
        } finally {
            this.out = null;
        }
    }

    /** Decoded bytes so far, this body. */
    public long decodedBytes() {
        return depth == 0 ? identityBytes : layers[depth - 1].produced();
    }

    /**
     * The coding of this body, normalized: {@code identity}, {@code gzip} or {@code deflate}, or for a
     * stacked encoding the list in header order ({@code "deflate, gzip"}).
     */
    public String encoding() {
        return encoding;
    }

    /** Frees the Inflaters; the decoder cannot be used afterwards. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        open = false;
        for (ContentDecodingLayer layer : layers) {
            if (layer != null) {
                layer.close();
            }
        }
    }

    /**
     * The cap on what an inner coding may produce from a stacked body. What an outer layer decodes is the
     * compressed form of the content, which honest encoders keep within a few bytes per 64 KiB of the
     * content's size (deflate stored blocks); beyond that slack it is a bomb aimed at the inner layer,
     * e.g. endless empty deflate blocks that cost inflate work and decode to nothing.
     */
    static long innerLimit(long maxDecoded) {
        long slack = (maxDecoded >> 10) + 64 * 1024;
        return maxDecoded > Long.MAX_VALUE - slack ? Long.MAX_VALUE : maxDecoded + slack;
    }

    private void checkOpen() throws FetchException {
        if (failure != null) {
            throw failure;
        }
        if (!open) {
            throw new IllegalStateException(closed ? "content decoder is closed" : "no body in progress");
        }
    }

    private void consume(byte[] bytes, int offset, int length) throws FetchException {
        if (depth > 0) {
            layers[0].accept(bytes, offset, length);
            return;
        }
        if (length > maxDecoded - identityBytes) {
            throw new FetchException(ErrorKind.BODY_TOO_LARGE, "body exceeds " + maxDecoded + " bytes");
        }
        identityBytes += length;
        out.write(bytes, offset, length);
    }

    /**
     * Reads a Content-Encoding list into {@code parsed} without allocating: the number of codings
     * (identity and empty entries dropped), or -1 if any is unsupported or there are too many.
     */
    private static int parse(String header, ContentDecodingLayer.Format[] parsed) {
        int count = 0;
        int length = header.length();
        int start = 0;
        while (start <= length) {
            int comma = header.indexOf(',', start);
            int stop = comma < 0 ? length : comma;
            int from = start;
            while (from < stop && header.charAt(from) <= ' ') {
                from++;
            }
            int to = stop;
            while (to > from && header.charAt(to - 1) <= ' ') {
                to--;
            }
            int n = to - from;
            ContentDecodingLayer.Format format;
            if (n == 0 || token(header, from, n, IDENTITY)) {
                format = null;
            } else if (token(header, from, n, "gzip") || token(header, from, n, "x-gzip")) {
                format = ContentDecodingLayer.Format.GZIP;
            } else if (token(header, from, n, "deflate")) {
                format = ContentDecodingLayer.Format.DEFLATE;
            } else {
                return -1;
            }
            if (format != null) {
                if (count == MAX_CODINGS) {
                    return -1;
                }
                parsed[count++] = format;
            }
            start = stop + 1;
        }
        return count;
    }

    private static boolean token(String header, int from, int length, String name) {
        return length == name.length() && header.regionMatches(true, from, name, 0, length);
    }

    private static String join(ContentDecodingLayer.Format[] parsed, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(parsed[i].token);
        }
        return sb.toString();
    }
}
