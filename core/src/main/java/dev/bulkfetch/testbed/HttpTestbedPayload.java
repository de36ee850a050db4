package dev.bulkfetch.testbed;

import io.netty.buffer.ByteBuf;

/**
 * A body the testbed serves before any transfer or content coding: either a stretch of the deterministic
 * pattern, generated on demand so large bodies are never held in memory, or a fixed array of bytes.
 */
sealed interface HttpTestbedPayload {
    long length();

    /** Appends bytes {@code [offset, offset + length)} of this payload to {@code dst}. */
    void writeTo(ByteBuf dst, long offset, int length);

    /** The whole payload as an array; only for bodies known to fit (the routes cap them). */
    byte[] toByteArray();

    /** A cursor over this payload for one response. */
    default HttpTestbedSource open() {
        return new HttpTestbedSource() {
            private long position;

            @Override
            public long remaining() {
                return length() - position;
            }

            @Override
            public void read(ByteBuf dst, int count) {
                writeTo(dst, position, count);
                position += count;
            }
        };
    }

    static HttpTestbedPayload pattern(long length) {
        return new Pattern(length);
    }

    static HttpTestbedPayload bytes(byte[] bytes) {
        return new Bytes(bytes);
    }

    static HttpTestbedPayload text(String text) {
        return new Bytes(HttpTestbedContent.ascii(text));
    }

    /** The first {@code length} bytes of the pattern; {@code Long.MAX_VALUE} stands for a body that never ends. */
    record Pattern(long length) implements HttpTestbedPayload {
        @Override
        public void writeTo(ByteBuf dst, long offset, int count) {
            HttpTestbedContent.writePattern(offset, dst, count);
        }

        @Override
        public byte[] toByteArray() {
            return HttpTestbedContent.body(Math.toIntExact(length));
        }
    }

    /** A fixed body, such as a short text or an already compressed stream. */
    record Bytes(byte[] bytes) implements HttpTestbedPayload {
        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public void writeTo(ByteBuf dst, long offset, int count) {
            dst.writeBytes(bytes, Math.toIntExact(offset), count);
        }

        @Override
        public byte[] toByteArray() {
            return bytes.clone();
        }
    }
}
