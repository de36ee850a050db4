package dev.bulkfetch.io.kafka;

import dev.bulkfetch.io.InputLine;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.io.TargetSource;
import org.apache.kafka.common.KafkaException;

import java.io.Writer;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A worker's Kafka side, as a run's target source and result sink: the consumer (its own thread),
 * the ledger that orders and counts records, and the transactional publisher (its own thread). The
 * run between them is the local one, unchanged. Opened once per worker; {@link #close} publishes what
 * is complete, then leaves the group, which hands the unfinished rest to the other workers.
 *
 * @param <T> the target type
 * @param <R> the result type
 */
public final class KafkaWork<T, R> implements AutoCloseable {

    /**
     * How a kind of run reads its targets and writes its records, the same as locally.
     *
     * @param parser     makes targets of input lines (the local parser)
     * @param targetLine the line a target carries
     * @param format     the local NDJSON sink over a writer
     * @param resultLine the line a result carries
     * @param handedBack a result the worker did not finish (CANCELLED on stop): it gets no record
     */
    public record Kind<T, R>(Function<Iterator<InputLine>, ? extends TargetSource<T>> parser,
                             ToLongFunction<T> targetLine, Function<Writer, ResultSink<R>> format,
                             ToLongFunction<R> resultLine, Predicate<R> handedBack) {
    }

    private final WorkLedger ledger;
    private final KafkaFeeder feeder;
    private final TransactionalPublisher publisher;
    private final KafkaTargetSource<T> source;
    private final KafkaRecordSink<R> sink;

    private KafkaWork(WorkerSettings s, Kind<T, R> kind, BooleanSupplier stop) {
        this.ledger = new WorkLedger(s.reorderBuffer());
        String client = "bulkfetch-worker-" + s.workerId();
        this.feeder = new KafkaFeeder(s.cluster(), s.group(), client, s.in(), ledger, 1024, s.sessionTimeout());
        this.publisher = new TransactionalPublisher(s.cluster(), client, s.transactionalId(), s.transactionTimeout(),
                ledger, feeder, s.out(), s.commitInterval());
        feeder.onRevoke(publisher::flush);
        this.source = new KafkaTargetSource<>(feeder, ledger, stop, this::failure, kind.parser(), kind.targetLine());
        this.sink = new KafkaRecordSink<>(ledger, s.in(), kind.format(), kind.resultLine(), kind.handedBack());
    }

    /**
     * Checks the topics (the input must exist; the output is made like it when missing, and the
     * histograms topic with one partition), registers the
     * transactional id and joins the group.
     *
     * @param stop true once the worker is to stop taking messages
     * @throws KafkaUnavailableException when the cluster does not answer in time, or refuses
     */
    public static <T, R> KafkaWork<T, R> open(WorkerSettings s, Kind<T, R> kind, BooleanSupplier stop) {
        try (KafkaTopics topics = new KafkaTopics(s.cluster())) {
            topics.requireExists(s.in());
            int partitions = topics.awaitLeaders(s.in());
            topics.create(s.out(), partitions);
            topics.awaitLeaders(s.out());
            topics.create(s.histograms(), 1);
            topics.awaitLeaders(s.histograms());
        }
        KafkaWork<T, R> work;
        try {
            work = new KafkaWork<>(s, kind, stop);
        } catch (KafkaException e) {
            throw KafkaFailures.refused(s.cluster(), "start a worker", e);
        }
        try {
            work.publisher.start();
        } catch (KafkaException e) {
            work.close();
            throw KafkaFailures.refused(s.cluster(), "register transactional id " + s.transactionalId(), e);
        }
        work.feeder.start();
        return work;
    }

    public TargetSource<T> source() {
        return source;
    }

    public ResultSink<R> sink() {
        return sink;
    }

    /** Records published in committed transactions so far. */
    public long published() {
        return publisher.published();
    }

    /** Transactions committed so far. */
    public long transactions() {
        return publisher.transactions();
    }

    /** Failed transactions aborted and redone so far (a broker restart, say). */
    public long recoveries() {
        return publisher.recoveries();
    }

    /**
     * How long, in all, the worker took no new message because its reorder buffer was full: finished
     * records waited behind an unfinished earlier message of their partition.
     */
    public Duration reorderBufferFull() {
        return Duration.ofNanos(ledger.fullNanos());
    }

    /** Why the worker's Kafka side stopped working, as a user reads it, or null while it works. */
    public RuntimeException failure() {
        RuntimeException e = publisher.failure();
        if (e == null) {
            e = feeder.failure();
        }
        return e == null ? null : new KafkaUnavailableException("the worker's Kafka side failed: " + e.getMessage(), e);
    }

    /** Publishes what is complete, leaves the group and closes the clients. */
    @Override
    public void close() {
        try {
            publisher.close();
        } finally {
            feeder.close();
        }
    }
}
