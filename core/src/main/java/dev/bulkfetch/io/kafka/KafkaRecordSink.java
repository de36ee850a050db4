package dev.bulkfetch.io.kafka;

import dev.bulkfetch.io.ResultSink;

import java.io.IOException;
import java.io.Writer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The worker's result sink: formats each record exactly as the local run's NDJSON sink does (the same
 * sink class, writing into a buffer) and hands it to the {@link WorkLedger}, which publishes it with
 * its message. A target that the worker gave back unfinished (CANCELLED when it stops) has no record
 * here: its message stays incomplete, is not committed, and its next owner does it again.
 *
 * @param <R> the result type
 */
final class KafkaRecordSink<R> implements ResultSink<R> {
    private final WorkLedger ledger;
    private final ToLongFunction<R> lineOf;
    private final Predicate<R> handedBack;
    private final Buffer buffer = new Buffer();
    private final ResultSink<R> format;
    private final WorkerRecords records;

    KafkaRecordSink(WorkLedger ledger, String inTopic, Function<Writer, ResultSink<R>> format,
                    ToLongFunction<R> lineOf, Predicate<R> handedBack) {
        this.ledger = ledger;
        this.records = new WorkerRecords(inTopic);
        this.lineOf = lineOf;
        this.handedBack = handedBack;
        this.format = format.apply(buffer);
    }

    @Override
    public void write(R result) throws IOException {
        if (handedBack.test(result)) {
            return;
        }
        long line = lineOf.applyAsLong(result);
        WorkLedger.Origin origin = ledger.origin(line);
        if (origin == null) {
            return; // its partition was taken away: the next owner does it again
        }
        buffer.text.setLength(0);
        format.write(result);
        format.flush();
        int end = buffer.text.length();
        while (end > 0 && (buffer.text.charAt(end - 1) == '\n' || buffer.text.charAt(end - 1) == '\r')) {
            end--;
        }
        ledger.done(line, records.value(buffer.text, end, origin.sourceLine(), origin.partition(), origin.offset()));
    }

    @Override
    public void flush() {
        // records leave with their transaction, not when the writer pauses
    }

    @Override
    public void close() throws IOException {
        format.close();
    }

    /** Where the formatting sink writes: one record's text at a time. */
    private static final class Buffer extends Writer {
        final StringBuilder text = new StringBuilder(512);

        @Override
        public void write(char[] cbuf, int off, int len) {
            text.append(cbuf, off, len);
        }

        @Override
        public Writer append(CharSequence csq) {
            text.append(csq);
            return this;
        }

        @Override
        public void write(String str, int off, int len) {
            text.append(str, off, off + len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
