package dev.bulkfetch.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Frames a body without transfer coding: consecutive slices of at most a given size, as for a
 * Content-Length or close-delimited body (slices of one byte make a trickle).
 */
final class HttpTestbedSliceFrames implements HttpTestbedFrames {
    static final int DEFAULT_SLICE = 64 * 1024;

    private final HttpTestbedSource source;
    private final int sliceSize;

    HttpTestbedSliceFrames(HttpTestbedSource source, int sliceSize) {
        this.source = source;
        this.sliceSize = sliceSize;
    }

    static HttpTestbedFrames of(HttpTestbedPayload payload) {
        return new HttpTestbedSliceFrames(payload.open(), DEFAULT_SLICE);
    }

    @Override
    public ByteBuf next(ByteBufAllocator alloc) {
        long remaining = source.remaining();
        if (remaining == 0) {
            return null;
        }
        int size = (int) Math.min(sliceSize, remaining);
        ByteBuf slice = alloc.buffer(size);
        source.read(slice, size);
        return slice;
    }
}
