package dev.bulkfetch.testbed;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The pre-compressed copy nginx's {@code gzip_static} serves beside a file: a gzip member shaped like the one
 * {@code gzip -9 -n} writes (no file name, modification time 0, "maximum compression" and Unix in the header),
 * so that every build of the content has the same bytes. The deflate stream itself is zlib's (level 9), not
 * GNU gzip's own compressor: it decodes to the same file, which is all a client (or the conformance tests)
 * can see, and for the testbed's compressible files it is byte for byte what {@code gzip -9 -n} wrote. For
 * incompressible input both fall back to stored blocks, cut where each one's literal buffer fills (zlib: 16 KiB,
 * gzip: about 32 KiB): {@code noise-64k.bin.gz} is 65,574 bytes here, 65,564 from gzip.
 */
final class HttpTestbedGzipFile {
    /** Magic, CM = deflate, no flags, MTIME 0 (as -n), XFL 2 (slowest, best compression), OS 3 (Unix). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3};

    private HttpTestbedGzipFile() {
    }

    /** The gzip member of {@code content}. */
    static byte[] of(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2 + 64);
        out.writeBytes(HEADER);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(content);
            deflater.finish();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(content);
        writeLittleEndian(out, crc.getValue());
        writeLittleEndian(out, content.length & 0xffffffffL);
        return out.toByteArray();
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
