package dev.bulkfetch.io;


import java.io.IOException;
import java.io.Writer;

/**
 * A sink that formats each result as text into a reused buffer and appends it to a writer; the
 * subclasses only say how a result reads.
 *
 * @param <R> result type
 */
abstract class TextSink<R> implements ResultSink<R> {
    private final Writer out;
    /** the text of the current result, reused across results */
    protected final StringBuilder sb = new StringBuilder(512);

    protected TextSink(Writer out) {
        this.out = out;
    }

    /** Appends the text of one result (with its line terminator) to {@link #sb}. */
    protected abstract void format(R result) throws IOException;

    @Override
    public final void write(R result) throws IOException {
        sb.setLength(0);
        format(result);
        out.append(sb);
    }

    @Override
    public final void flush() throws IOException {
        out.flush();
    }

    @Override
    public final void close() throws IOException {
        out.close();
    }
}
