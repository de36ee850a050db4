package dev.bulkfetch.io.kafka;

import dev.bulkfetch.io.InputLine;
import dev.bulkfetch.io.TargetSource;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A worker's targets: the input topic's messages as input lines, made into targets by the same
 * parser a local run uses (so a message that is not a target becomes the same INVALID_INPUT record a
 * bad line does). Each message is registered in the {@link WorkLedger} under the line its targets
 * carry, and the ledger counts the targets it gives: a CIDR block message is complete when all its
 * addresses have their records. Blocks on the run's reader thread while no message comes; ends when
 * the worker stops, and fails the run when the consumer or the publisher failed.
 *
 * @param <T> the target type
 */
final class KafkaTargetSource<T> implements TargetSource<T> {
    private static final long WAIT_MILLIS = 100;

    private final KafkaFeeder feeder;
    private final WorkLedger ledger;
    private final BooleanSupplier stop;
    private final Supplier<RuntimeException> failure;
    private final ToLongFunction<T> lineOf;
    private final Iterator<T> targets;

    KafkaTargetSource(KafkaFeeder feeder, WorkLedger ledger, BooleanSupplier stop,
                      Supplier<RuntimeException> failure,
                      Function<Iterator<InputLine>, ? extends TargetSource<T>> parser, ToLongFunction<T> lineOf) {
        this.feeder = feeder;
        this.ledger = ledger;
        this.stop = stop;
        this.failure = failure;
        this.lineOf = lineOf;
        this.targets = parser.apply(new MessageLines());
    }

    @Override
    public long skippedLines() {
        return 0; // a blank message has no record, but it is committed like any other
    }

    @Override
    public boolean hasNext() {
        return targets.hasNext();
    }

    @Override
    public T next() {
        T t = targets.next();
        ledger.expect(lineOf.applyAsLong(t));
        return t;
    }

    /** The messages as lines; asking for the next one says the previous one gave all its targets. */
    private final class MessageLines implements Iterator<InputLine> {
        private InputLine next;
        private long open = -1;

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (open >= 0) {
                ledger.seal(open);
                open = -1;
            }
            try {
                while (!stop.getAsBoolean()) {
                    RuntimeException e = failure.get();
                    if (e != null) {
                        throw e;
                    }
                    InputMessage m = feeder.take(WAIT_MILLIS);
                    if (m == null) {
                        continue;
                    }
                    long line = ledger.register(m.partition(), m.epoch(), m.offset(), m.key(), m.sourceLine(), stop);
                    if (line > 0) {
                        next = new InputLine(line, m.text(), m.problem());
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        @Override
        public InputLine next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InputLine line = next;
            next = null;
            open = line.number();
            return line;
        }
    }
}
