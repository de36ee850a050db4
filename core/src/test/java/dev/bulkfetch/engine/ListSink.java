package dev.bulkfetch.engine;

import dev.bulkfetch.io.ResultSink;
import java.util.List;

/** Collects results in a list, for tests that look at the records themselves. */
record ListSink<R>(List<R> results) implements ResultSink<R> {
    @Override
    public void write(R result) {
        results.add(result);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
