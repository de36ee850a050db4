package dev.bulkfetch.http;

import dev.bulkfetch.error.FetchException;

/**
 * Where a {@link ContentDecodingLayer} puts what it decoded: the next (inner) layer of a stacked
 * Content-Encoding, or the {@link ContentDecoder.Output} of the body. Unlike {@code Output} it may fail,
 * because an inner layer can find its input corrupt or too large.
 */
@FunctionalInterface
interface ContentDecodingSink {
    /** Takes {@code length} bytes at {@code offset}; the array is only valid during the call. */
    void accept(byte[] bytes, int offset, int length) throws FetchException;
}
