package dev.bulkfetch.io;

import java.io.IOException;

/**
 * Where results go (an NDJSON file, massdns-style lines, ...). Called only from the writer thread,
 * never from the event loop.
 *
 * @param <R> the result type
 */
public interface ResultSink<R> extends AutoCloseable {
    void write(R result) throws IOException;

    /** Pushes buffered output out; called when the writer runs out of results for a moment. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;

    /** A sink that drops every result, for runs that only want the latency figures. */
    static <R> ResultSink<R> discard() {
        return new ResultSink<>() {
            @Override
            public void write(R result) {
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
