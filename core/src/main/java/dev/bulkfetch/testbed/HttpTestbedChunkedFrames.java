package dev.bulkfetch.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Frames a body with chunked transfer coding, written as raw bytes so that chunk extensions and trailers
 * are exactly what the path promises.
 *
 * <p>Small chunks are packed several to a frame so that {@code /chunked/N/1} costs one write per 64 KiB,
 * not one per byte; a chunk larger than a frame spans several frames. With extensions on, every chunk-size
 * line reads {@code <hex>;seq=<index>;testbed} and the last chunk carries the trailers
 * {@code X-Checksum: <sha256 of the body>} and {@code X-Body-Length: <bytes>}.
 */
final class HttpTestbedChunkedFrames implements HttpTestbedFrames {
    static final String TRAILER_NAMES = "X-Checksum, X-Body-Length";

    private static final int FRAME_BUDGET = 64 * 1024;
    private static final byte[] CRLF = HttpTestbedContent.ascii(HttpTestbedHead.CRLF);

    private final HttpTestbedSource source;
    private final int chunkSize;
    private final boolean oneChunkPerFrame;
    private final MessageDigest digest;
    private long chunkLeft;
    private long chunkIndex;
    private long bodyBytes;
    private boolean done;

    private HttpTestbedChunkedFrames(HttpTestbedSource source, int chunkSize, boolean extended, boolean oneChunkPerFrame) {
        this.source = source;
        this.chunkSize = chunkSize;
        this.oneChunkPerFrame = oneChunkPerFrame;
        this.digest = extended ? HttpTestbedContent.sha256() : null;
    }

    /** Plain chunks of {@code chunkSize} bytes (the last may be shorter). */
    static HttpTestbedFrames plain(HttpTestbedSource source, int chunkSize) {
        return new HttpTestbedChunkedFrames(source, chunkSize, false, false);
    }

    /** Chunks with extensions on every size line and checksum trailers. */
    static HttpTestbedFrames extended(HttpTestbedSource source, int chunkSize) {
        return new HttpTestbedChunkedFrames(source, chunkSize, true, false);
    }

    /** One chunk per frame, so that a paced writer sends one chunk per tick. */
    static HttpTestbedFrames paced(HttpTestbedSource source, int chunkSize) {
        return new HttpTestbedChunkedFrames(source, chunkSize, false, true);
    }

    @Override
    public ByteBuf next(ByteBufAllocator alloc) {
        if (done) {
            return null;
        }
        ByteBuf frame = alloc.buffer((int) Math.min(FRAME_BUDGET, chunkSize + 64L));
        do {
            if (chunkLeft == 0) {
                if (source.remaining() == 0) {
                    writeLastChunk(frame);
                    done = true;
                    return frame;
                }
                chunkLeft = Math.min(chunkSize, source.remaining());
                writeSizeLine(frame, chunkLeft);
            }
            int count = (int) Math.min(chunkLeft, Math.max(1, FRAME_BUDGET - frame.readableBytes()));
            int at = frame.writerIndex();
            source.read(frame, count);
            if (digest != null) {
                digest.update(frame.nioBuffer(at, count));
            }
            bodyBytes += count;
            chunkLeft -= count;
            if (chunkLeft == 0) {
                frame.writeBytes(CRLF);
                chunkIndex++;
                if (oneChunkPerFrame) {
                    break;
                }
            }
        } while (frame.readableBytes() < FRAME_BUDGET);
        return frame;
    }

    private void writeSizeLine(ByteBuf frame, long size) {
        frame.writeBytes(HttpTestbedContent.ascii(Long.toHexString(size) + extensions() + HttpTestbedHead.CRLF));
    }

    private void writeLastChunk(ByteBuf frame) {
        StringBuilder last = new StringBuilder("0").append(extensions()).append(HttpTestbedHead.CRLF);
        if (digest != null) {
            last.append("X-Checksum: ").append(HexFormat.of().formatHex(digest.digest())).append(HttpTestbedHead.CRLF);
            last.append("X-Body-Length: ").append(bodyBytes).append(HttpTestbedHead.CRLF);
        }
        last.append(HttpTestbedHead.CRLF);
        frame.writeBytes(HttpTestbedContent.ascii(last.toString()));
    }

    private String extensions() {
        return digest == null ? "" : ";seq=" + chunkIndex + ";testbed";
    }
}
