package dev.bulkfetch.testbed;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;

/**
 * The gzip stream of {@code /gzip-bomb/N}: N zero bytes compressed about a thousandfold, generated as it is
 * read so the testbed never holds more than one cached block however large N is.
 *
 * <p>The stream is a gzip header, copies of one precomputed deflate block that decodes to 1 MiB of zeros,
 * a final block for the remainder, and the trailer (CRC-32 and length mod 2^32). The CRC is advanced as
 * each block is emitted, which spreads its cost over the transfer instead of paying it up front.
 */
final class HttpTestbedGzipBomb implements HttpTestbedSource {
    private static final int BLOCK_ZEROS = 1 << 20;
    private static final byte[] ZEROS = new byte[BLOCK_ZEROS];
    // Fixed mtime 0 and OS "unknown" keep the bytes identical on every run.
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int TRAILER_LENGTH = 8;

    private final long decodedLength;
    private final long blocks;
    private final byte[] tail;
    private final CRC32 crc = new CRC32();
    private long remaining;
    private long blocksStarted;
    private byte[] segment = HEADER;
    private int segmentPosition;

    HttpTestbedGzipBomb(long decodedLength) {
        this.decodedLength = decodedLength;
        this.blocks = decodedLength / BLOCK_ZEROS;
        this.tail = HttpTestbedCompression.deflatedZeros(tailZeros(), true);
        this.remaining = HEADER.length + blocks * Block.DEFLATED.length + tail.length + TRAILER_LENGTH;
    }

    @Override
    public long remaining() {
        return remaining;
    }

    @Override
    public void read(ByteBuf dst, int count) {
        remaining -= count;
        while (count > 0) {
            if (segmentPosition == segment.length) {
                advance();
            }
            int n = Math.min(count, segment.length - segmentPosition);
            dst.writeBytes(segment, segmentPosition, n);
            segmentPosition += n;
            count -= n;
        }
    }

    /** Moves to the next segment: header, then each block, then the tail, then the trailer. */
    private void advance() {
        segmentPosition = 0;
        if (blocksStarted < blocks) {
            blocksStarted++;
            crc.update(ZEROS, 0, BLOCK_ZEROS);
            segment = Block.DEFLATED;
        } else if (segment != tail) {
            crc.update(ZEROS, 0, tailZeros());
            segment = tail;
        } else {
            segment = trailer();
        }
    }

    private int tailZeros() {
        return (int) (decodedLength % BLOCK_ZEROS);
    }

    private byte[] trailer() {
        long value = crc.getValue();
        long size = decodedLength & 0xffffffffL;
        byte[] trailer = new byte[TRAILER_LENGTH];
        for (int i = 0; i < 4; i++) {
            trailer[i] = (byte) (value >>> (8 * i));
            trailer[4 + i] = (byte) (size >>> (8 * i));
        }
        return trailer;
    }

    /** Holds the shared block apart so that it is deflated once, on first use of a bomb. */
    private static final class Block {
        static final byte[] DEFLATED = HttpTestbedCompression.deflatedZeros(BLOCK_ZEROS, false);
    }
}
