package dev.bulkfetch.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The body of one response as a sequence of writes, produced one at a time so the writer can stop when the
 * channel is not writable and never holds more of a large body than one frame.
 */
@FunctionalInterface
interface HttpTestbedFrames {
    /** No body at all: HEAD, 204, or a path that sends nothing. */
    HttpTestbedFrames NONE = alloc -> null;

    /** The next write, or null when the body is complete. */
    ByteBuf next(ByteBufAllocator alloc);
}
