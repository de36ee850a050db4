package dev.bulkfetch.http;

/**
 * The 64 KiB working arrays of content decoding, one set per thread. Decoding runs start to finish
 * inside one call on the connection's event loop, so every decoder of a loop can share them: a
 * connection then costs its Inflater state, not 128 KiB of arrays it holds between responses (with
 * thousands of keep-alive connections that was most of the heap).
 */
final class DecodeBuffers {
    private static final ThreadLocal<byte[][]> BUFFERS = ThreadLocal.withInitial(
            () -> new byte[ContentDecoder.MAX_CODINGS + 1][]);

    private DecodeBuffers() {
    }

    /**
     * The output array of the decoding layer at this depth (0 = outermost coding); layers at different
     * depths run nested, so each depth has its own.
     */
    static byte[] scratch(int depth) {
        return get(depth);
    }

    /** The array that wire bytes of a buffer without an accessible array are copied into. */
    static byte[] wire() {
        return get(ContentDecoder.MAX_CODINGS);
    }

    private static byte[] get(int slot) {
        byte[][] set = BUFFERS.get();
        byte[] b = set[slot];
        if (b == null) {
            b = new byte[ContentDecodingLayer.STEP];
            set[slot] = b;
        }
        return b;
    }
}
