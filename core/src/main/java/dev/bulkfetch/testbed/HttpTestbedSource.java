package dev.bulkfetch.testbed;

import io.netty.buffer.ByteBuf;

/**
 * The bytes of one response body on the wire, before transfer framing, read front to back so frames can
 * be produced one at a time as the channel drains.
 */
interface HttpTestbedSource {
    /** Bytes not yet read; {@code Long.MAX_VALUE} or close to it for a body that never ends. */
    long remaining();

    /** Appends the next {@code count} bytes to {@code dst}; {@code count} never exceeds {@link #remaining()}. */
    void read(ByteBuf dst, int count);
}
