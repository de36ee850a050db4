package dev.bulkfetch.http;

import dev.bulkfetch.error.FetchException;
import dev.bulkfetch.error.ErrorKind;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One compression layer of a body, gzip (RFC 1952, members in sequence) or deflate (RFC 1950 zlib or
 * RFC 1951 raw, told apart by the first two bytes): takes the layer's encoded bytes split at any
 * boundary and hands decoded bytes to a {@link ContentDecodingSink}, at most {@link #STEP} per call and
 * never more than its limit in total. Owned by {@link ContentDecoder}, reused body after body.
 *
 * <p>Every format runs on one raw ({@code nowrap}) {@link Inflater}; the gzip and zlib framing and their
 * checksums are parsed here, so a connection needs one native inflate state per layer whichever way the
 * server compresses, and {@link Inflater#reset()} is all a new body or member costs.
 *
 * <p>The state machine takes bytes in whatever pieces they arrive: fixed-size fields (gzip header and
 * trailer, zlib header and Adler-32) are collected in {@link #field}, variable ones (FEXTRA, FNAME,
 * FCOMMENT) are skipped in place, so no piece of input is ever held beyond the call that delivered it.
 */
final class ContentDecodingLayer implements ContentDecodingSink, AutoCloseable {
    /** Decoded bytes per inflate call: the only output buffer, so also the bound on memory per layer. */
    static final int STEP = 64 * 1024;

    /** The encodings a layer decodes. */
    enum Format {
        GZIP("gzip"), DEFLATE("deflate");

        final String token;

        Format(String token) {
            this.token = token;
        }
    }

    /**
     * Where the layer is in its input. The gzip header states are declared in the order their fields
     * occur, which {@link #headerAfter} relies on.
     */
    private enum State {
        GZIP_HEADER, GZIP_XLEN, GZIP_EXTRA, GZIP_NAME, GZIP_COMMENT, GZIP_HCRC,
        DEFLATE_LEAD, DATA, GZIP_TRAILER, ZLIB_TRAILER,
        /** A stream or member ended: the next byte starts a gzip member or padding, or the body ends. */
        BETWEEN,
        /** Zero bytes after the last stream; only more zeros or the end may follow. */
        PADDING
    }

    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int FRESERVED = 0xE0;

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final Adler32 adler = new Adler32();
    private final int depth;
    /** The loop's shared output array of this depth, taken at each inflate (see {@link DecodeBuffers}). */
    private byte[] scratch;
    /** Fixed-size fields collected across chunks: the 10-byte gzip header is the longest. */
    private final byte[] field = new byte[10];
    /** The first two bytes of a raw deflate stream, kept apart from {@link #field} while they are inflated. */
    private final byte[] lead = new byte[2];

    private Format format = Format.GZIP;
    private State state = State.GZIP_HEADER;
    private ContentDecodingSink next;
    private long limit;
    private boolean inner;
    private long produced;
    private long fed;
    private long memberSize;
    private int fieldLength;
    private int flags;
    private int skip;
    private boolean zlib;

    /** @param depth 0 for the outermost coding of a body: which shared output array this layer writes to */
    ContentDecodingLayer(int depth) {
        this.depth = depth;
    }

    /**
     * Starts a body.
     *
     * @param limit the most bytes this layer may produce; one more is {@link ErrorKind#BODY_TOO_LARGE}
     * @param inner whether the output feeds another layer (only changes the error message)
     */
    void begin(Format format, long limit, boolean inner, ContentDecodingSink next) {
        this.format = format;
        this.limit = limit;
        this.inner = inner;
        this.next = next;
        produced = 0;
        fed = 0;
        zlib = false;
        state = format == Format.GZIP ? State.GZIP_HEADER : State.DEFLATE_LEAD;
        startMember();
    }

    /** Decoded bytes produced this body, over all gzip members. */
    long produced() {
        return produced;
    }

    Format format() {
        return format;
    }

    @Override
    public void accept(byte[] bytes, int offset, int length) throws FetchException {
        fed += length;
        run(bytes, offset, offset + length);
    }

    /** The body ended: anything but a finished stream (or no bytes at all) is a truncated one. */
    void end() throws FetchException {
        switch (state) {
            case BETWEEN, PADDING -> {
            }
            // An empty body is taken as empty content: servers label empty responses with their usual
            // Content-Encoding, and there are no bytes that could be corrupt.
            case GZIP_HEADER, DEFLATE_LEAD -> {
                if (fed != 0) {
                    throw corrupt("truncated " + format.token + " header");
                }
            }
            default -> throw corrupt("truncated " + format.token + " stream");
        }
    }

    @Override
    public void close() {
        inflater.end();
    }

    private void run(byte[] b, int off, int end) throws FetchException {
        while (off < end) {
            off = switch (state) {
                case GZIP_HEADER -> gzipHeader(b, off, end);
                case GZIP_XLEN -> gzipExtraLength(b, off, end);
                case GZIP_EXTRA -> gzipExtra(b, off, end);
                case GZIP_NAME, GZIP_COMMENT -> gzipZeroTerminated(b, off, end);
                case GZIP_HCRC -> gzipHeaderCrc(b, off, end);
                case DEFLATE_LEAD -> deflateLead(b, off, end);
                case DATA -> inflate(b, off, end);
                case GZIP_TRAILER -> gzipTrailer(b, off, end);
                case ZLIB_TRAILER -> zlibTrailer(b, off, end);
                case BETWEEN -> between(b, off);
                case PADDING -> padding(b, off, end);
            };
        }
    }

    private void startMember() {
        inflater.reset();
        crc.reset();
        adler.reset();
        memberSize = 0;
        fieldLength = 0;
        flags = 0;
        skip = 0;
    }

    private int gzipHeader(byte[] b, int off, int end) throws FetchException {
        int to = collect(b, off, end, 10);
        crc.update(b, off, to - off);
        // Checked as soon as each byte arrives, so garbage fails on its first bytes, not after ten.
        if ((field[0] & 0xFF) != 0x1F || fieldLength > 1 && (field[1] & 0xFF) != 0x8B) {
            throw corrupt("not a gzip member (bad magic bytes)");
        }
        if (fieldLength > 2 && field[2] != 8) {
            throw corrupt("gzip compression method " + (field[2] & 0xFF) + " is not deflate");
        }
        if (fieldLength > 3 && (field[3] & FRESERVED) != 0) {
            throw corrupt("gzip header sets reserved flags");
        }
        if (fieldLength == 10) {
            flags = field[3] & 0xFF;
            fieldLength = 0;
            state = headerAfter(State.GZIP_HEADER);
        }
        return to;
    }

    private int gzipExtraLength(byte[] b, int off, int end) {
        int to = collect(b, off, end, 2);
        crc.update(b, off, to - off);
        if (fieldLength == 2) {
            skip = (field[0] & 0xFF) | (field[1] & 0xFF) << 8;
            fieldLength = 0;
            state = skip == 0 ? headerAfter(State.GZIP_EXTRA) : State.GZIP_EXTRA;
        }
        return to;
    }

    private int gzipExtra(byte[] b, int off, int end) {
        int n = Math.min(skip, end - off);
        crc.update(b, off, n);
        skip -= n;
        if (skip == 0) {
            state = headerAfter(State.GZIP_EXTRA);
        }
        return off + n;
    }

    /** FNAME and FCOMMENT: skipped up to their terminating zero, however long, without being kept. */
    private int gzipZeroTerminated(byte[] b, int off, int end) {
        int i = off;
        while (i < end && b[i] != 0) {
            i++;
        }
        boolean terminated = i < end;
        int to = terminated ? i + 1 : end;
        crc.update(b, off, to - off);
        if (terminated) {
            state = headerAfter(state);
        }
        return to;
    }

    private int gzipHeaderCrc(byte[] b, int off, int end) throws FetchException {
        int to = collect(b, off, end, 2);
        if (fieldLength == 2) {
            int expected = (field[0] & 0xFF) | (field[1] & 0xFF) << 8;
            if (expected != (int) (crc.getValue() & 0xFFFF)) {
                throw corrupt("gzip header CRC mismatch");
            }
            fieldLength = 0;
            state = headerAfter(State.GZIP_HCRC);
        }
        return to;
    }

    /** The next header field the flags announce after {@code done}, or the deflate data. */
    private State headerAfter(State done) {
        int at = done.ordinal();
        if (at < State.GZIP_XLEN.ordinal() && (flags & FEXTRA) != 0) {
            return State.GZIP_XLEN;
        }
        if (at < State.GZIP_NAME.ordinal() && (flags & FNAME) != 0) {
            return State.GZIP_NAME;
        }
        if (at < State.GZIP_COMMENT.ordinal() && (flags & FCOMMENT) != 0) {
            return State.GZIP_COMMENT;
        }
        if (at < State.GZIP_HCRC.ordinal() && (flags & FHCRC) != 0) {
            return State.GZIP_HCRC;
        }
        crc.reset(); // it covered the header; from here on it covers the member's data
        return State.DATA;
    }

    /**
     * "deflate" means zlib (RFC 9110) but many servers send raw deflate, so the first two bytes decide:
     * a valid zlib header is zlib. A raw stream cannot pass the check unless it opens with a stored block
     * whose padding bits are not zero, which no encoder writes.
     */
    private int deflateLead(byte[] b, int off, int end) throws FetchException {
        int to = collect(b, off, end, 2);
        if (fieldLength < 2) {
            return to;
        }
        int cmf = field[0] & 0xFF;
        int flg = field[1] & 0xFF;
        fieldLength = 0;
        state = State.DATA;
        if ((cmf & 0x0F) == 8 && (cmf << 8 | flg) % 31 == 0) {
            if (cmf >> 4 > 7) {
                throw corrupt("zlib window size beyond 32 KiB");
            }
            if ((flg & 0x20) != 0) {
                throw corrupt("zlib stream needs a preset dictionary");
            }
            zlib = true;
        } else {
            // Raw: the two bytes are deflate data. The stream may even end inside them ("03 00" is an
            // empty one), so they go through the state machine like any other input.
            lead[0] = field[0];
            lead[1] = field[1];
            run(lead, 0, 2);
        }
        return to;
    }

    /**
     * Inflates until the input is used up or the deflate stream ends, one {@link #STEP} (or less, near
     * the limit) at a time, so a bomb costs at most {@code limit + 1} bytes of output work before it fails.
     */
    private int inflate(byte[] b, int off, int end) throws FetchException {
        scratch = DecodeBuffers.scratch(depth);
        inflater.setInput(b, off, end - off);
        int remaining = end - off;
        try {
            while (true) {
                long allowance = limit - produced;
                // One byte past the allowance is enough to tell "ends at the limit" from "goes beyond".
                int want = allowance >= STEP ? STEP : (int) allowance + 1;
                int n = inflater.inflate(scratch, 0, want);
                if (n > 0) {
                    emit(n);
                }
                if (inflater.finished()) {
                    fieldLength = 0;
                    state = format == Format.GZIP ? State.GZIP_TRAILER : zlib ? State.ZLIB_TRAILER : State.BETWEEN;
                    return end - inflater.getRemaining();
                }
                int left = inflater.getRemaining();
                if (n == 0) {
                    if (inflater.needsInput()) {
                        return end;
                    }
                    // zlib always either consumes or produces when it has input and room; a call that
                    // does neither would repeat forever.
                    if (left == remaining) {
                        throw corrupt(format.token + " data makes no progress");
                    }
                }
                remaining = left;
            }
        } catch (DataFormatException e) {
            throw corrupt("bad " + format.token + " data: " + e.getMessage());
        }
    }

    private void emit(int n) throws FetchException {
        if (n > limit - produced) {
            throw new FetchException(ErrorKind.BODY_TOO_LARGE, inner
                    ? "an inner content coding decodes to more than " + limit + " bytes"
                    : "decoded body exceeds " + limit + " bytes");
        }
        produced += n;
        memberSize += n;
        if (format == Format.GZIP) {
            crc.update(scratch, 0, n);
        } else if (zlib) {
            adler.update(scratch, 0, n);
        }
        next.accept(scratch, 0, n);
    }

    private int gzipTrailer(byte[] b, int off, int end) throws FetchException {
        int to = collect(b, off, end, 8);
        if (fieldLength == 8) {
            if (littleEndian32(0) != crc.getValue()) {
                throw corrupt("gzip CRC-32 mismatch");
            }
            if (littleEndian32(4) != (memberSize & 0xFFFFFFFFL)) {
                throw corrupt("gzip ISIZE mismatch");
            }
            state = State.BETWEEN;
        }
        return to;
    }

    private int zlibTrailer(byte[] b, int off, int end) throws FetchException {
        int to = collect(b, off, end, 4);
        if (fieldLength == 4) {
            long expected = (field[0] & 0xFFL) << 24 | (field[1] & 0xFF) << 16 | (field[2] & 0xFF) << 8
                    | field[3] & 0xFF;
            if (expected != adler.getValue()) {
                throw corrupt("zlib Adler-32 mismatch");
            }
            state = State.BETWEEN;
        }
        return to;
    }

    /**
     * After a complete stream: gzip allows another member; both formats tolerate zero padding, which some
     * servers and proxies append, and which cannot be mistaken for data. Anything else is corruption.
     */
    private int between(byte[] b, int off) throws FetchException {
        int v = b[off] & 0xFF;
        if (v == 0) {
            state = State.PADDING;
            return off + 1;
        }
        if (format == Format.GZIP && v == 0x1F) {
            startMember();
            state = State.GZIP_HEADER;
            return off;
        }
        throw corrupt("unexpected bytes after the end of the " + format.token + " stream");
    }

    private int padding(byte[] b, int off, int end) throws FetchException {
        for (int i = off; i < end; i++) {
            if (b[i] != 0) {
                throw corrupt("non-zero byte in the padding after the " + format.token + " stream");
            }
        }
        return end;
    }

    /** Copies up to {@code need - fieldLength} bytes into {@link #field}; returns the new offset. */
    private int collect(byte[] b, int off, int end, int need) {
        int n = Math.min(need - fieldLength, end - off);
        System.arraycopy(b, off, field, fieldLength, n);
        fieldLength += n;
        return off + n;
    }

    private long littleEndian32(int at) {
        return (field[at] & 0xFFL) | (field[at + 1] & 0xFF) << 8 | (field[at + 2] & 0xFF) << 16
                | (field[at + 3] & 0xFFL) << 24;
    }

    private static FetchException corrupt(String message) {
        return new FetchException(ErrorKind.DECOMPRESSION_FAILED, message);
    }
}
