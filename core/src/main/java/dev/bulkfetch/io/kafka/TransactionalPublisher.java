package dev.bulkfetch.io.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Publishes the ledger's complete messages in Kafka transactions, on a thread of its own: each
 * transaction holds the records and, through {@code sendOffsetsToTransaction}, the input offsets they
 * answer, under the consumer group's current generation. So the records and the "done" mark of their
 * inputs become visible together or not at all, and a worker that was fenced out of the group (it
 * stalled, its partitions went elsewhere) cannot commit over the new owner. Complete messages are sent
 * into the open transaction as soon as they are complete; the transaction is committed every commit
 * interval, at once when a rebalance asks, and last when the worker stops. (Sending only at commit
 * time held a sweep to the reorder buffer's size per interval: a worker ran at 0.45x of the local run
 * with its event loop idle half the time.)
 *
 * <p>A failed transaction (a broker restarting answers a commit with an error, say) is aborted and its
 * work redone: the ledger forgets every partition's unpublished messages and the feeder starts them
 * again from their committed offsets, which the aborted records never passed. A producer the broker
 * no longer accepts (it timed the transaction out while it was down) is replaced by a new one of the
 * same transactional id. Only a refusal (see {@link KafkaFailures#fatalForProducer}) or failures that
 * last longer than four Kafka timeouts stop the worker, whose group then hands the work to the others.
 *
 * <p>A transaction commits only while every partition it answers for is still this worker's under the
 * epoch its records were taken under ({@link WorkLedger#commitIfHeld}); otherwise it is aborted and the
 * partitions still held start again. The broker's check of the group generation does not cover this on
 * its own: a worker that kept its membership through a rebalance holds a valid newer generation, and
 * its offsets for a partition that went to another worker would be accepted after the new owner had
 * read the old ones, so both would publish the same messages.
 */
final class TransactionalPublisher implements AutoCloseable {
    /** Records per transaction at most (whole messages; a CIDR block may go over it by one message). */
    private static final int MAX_RECORDS = 500_000;
    /** Records taken from the ledger at a time. */
    private static final int BATCH_RECORDS = 20_000;
    /** How often complete messages are looked for between commits. */
    private static final long POLL_MILLIS = 5;

    /** Retried failures do not spin: a broker that is coming back is given this long between tries. */
    private static final long RETRY_MILLIS = 200;

    private final Supplier<KafkaProducer<byte[], byte[]>> producers;
    private volatile KafkaProducer<byte[], byte[]> producer;
    private final WorkLedger ledger;
    private final KafkaFeeder feeder;
    private final String inTopic;
    private final String outTopic;
    private final Duration interval;
    private final Duration timeout;
    private final Thread thread;
    private final Object lock = new Object();
    private long flushesAsked;
    private long flushesDone;
    private boolean closing;
    private boolean stopped;
    private volatile RuntimeException failure;
    private volatile long published;
    private volatile long transactions;
    /** Publisher thread only: the transaction being filled. */
    private boolean open;
    private long openedAt;
    private long inTransaction;
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    /** Publisher thread only: partition to the epoch of the records the open transaction holds (-1: mixed). */
    private final Map<Integer, Integer> held = new HashMap<>();
    /** Publisher thread only: when the failures being retried began (nanoTime), or -1. */
    private long failingSince = -1;
    private volatile long recoveries;

    TransactionalPublisher(KafkaCluster cluster, String clientId, String transactionalId, Duration transactionTimeout,
                           WorkLedger ledger, KafkaFeeder feeder, String outTopic, Duration interval) {
        this.producers = () -> new KafkaProducer<>(cluster.transactionalProducer(clientId, transactionalId,
                transactionTimeout));
        this.producer = producers.get();
        this.ledger = ledger;
        this.feeder = feeder;
        this.inTopic = feeder.topic();
        this.outTopic = outTopic;
        this.interval = interval;
        this.timeout = cluster.timeout();
        this.thread = new Thread(this::run, "bulkfetch-kafka-publisher");
        this.thread.setDaemon(true);
    }

    /**
     * Registers the transactional id with the cluster (which aborts what an earlier worker of the same id
     * left open) and starts publishing.
     */
    void start() {
        producer.initTransactions();
        thread.start();
    }

    /** Why publishing stopped, or null. */
    RuntimeException failure() {
        return failure;
    }

    long published() {
        return published;
    }

    long transactions() {
        return transactions;
    }

    /** Failed transactions aborted and redone so far. */
    long recoveries() {
        return recoveries;
    }

    /**
     * Publishes what is complete now, the partitions being taken away included, and waits for it (they are
     * about to go). Returns at once when publishing has stopped; waits at most the Kafka timeout.
     */
    void flush(Collection<Integer> partitions) {
        synchronized (lock) {
            if (stopped || failure != null) {
                return;
            }
            long mine = ++flushesAsked;
            lock.notifyAll();
            long end = System.nanoTime() + timeout.toNanos();
            try {
                while (flushesDone < mine && !stopped && failure == null) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (true) {
                long asked;
                boolean last;
                boolean flushing;
                synchronized (lock) {
                    if (!closing && flushesAsked == flushesDone) {
                        lock.wait(POLL_MILLIS);
                    }
                    asked = flushesAsked;
                    last = closing;
                    flushing = asked != flushesDone;
                }
                try {
                    sendReady(flushing || last);
                    boolean due = flushing || last
                            || open && (System.nanoTime() - openedAt >= interval.toNanos() || inTransaction >= MAX_RECORDS);
                    if (due) {
                        commit();
                    }
                } catch (KafkaException e) {
                    recover(e);
                }
                synchronized (lock) {
                    flushesDone = asked;
                    lock.notifyAll();
                }
                if (last) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            synchronized (lock) {
                stopped = true;
                lock.notifyAll();
            }
        }
    }


    /**
     * Sends the ledger's complete messages into the open transaction (opening one when needed), as soon
     * as they are complete: the producer's network thread then works all the time, not in a burst per
     * commit, and the reorder buffer holds only records behind an unfinished message.
     */
    private void sendReady(boolean closedToo) {
        while (true) {
            List<WorkLedger.Ready> ready = ledger.takeReady(BATCH_RECORDS, closedToo);
            if (ready.isEmpty()) {
                return;
            }
            if (!open) {
                producer.beginTransaction();
                open = true;
                openedAt = System.nanoTime();
            }
            for (WorkLedger.Ready r : ready) {
                for (WorkLedger.Done d : r.records()) {
                    producer.send(new ProducerRecord<>(outTopic, d.key(), d.value()));
                }
                inTransaction += r.records().size();
                offsets.put(new TopicPartition(inTopic, r.partition()), new OffsetAndMetadata(r.nextOffset()));
                held.merge(r.partition(), r.epoch(), (was, now) -> was.equals(now) ? was : -1);
            }
        }
    }

    /**
     * Commits the open transaction with the offsets of what it holds, under the group's current
     * generation, if its partitions are still held; otherwise abandons it.
     */
    private void commit() throws InterruptedException {
        if (!open) {
            return;
        }
        boolean committed = ledger.commitIfHeld(held, () -> {
            ConsumerGroupMetadata group = feeder.groupMetadata();
            if (group == null || group.generationId() < 0) {
                // out of the group (its partitions were lost): the broker would take offsets without a
                // generation unchecked, so none are sent
                return false;
            }
            producer.sendOffsetsToTransaction(offsets, group);
            commitRetryingTimeouts();
            return true;
        });
        if (!committed) {
            abandon();
            return;
        }
        failingSince = -1;
        published += inTransaction;
        transactions++;
        forgetTransaction();
    }

    private void forgetTransaction() {
        open = false;
        inTransaction = 0;
        offsets.clear();
        held.clear();
    }

    /**
     * Aborts a transaction that may not be committed (a partition it answers for changed hands) and has
     * the partitions still held start again from their committed offsets, which its records never passed.
     */
    private void abandon() throws InterruptedException {
        boolean aborted = abortQuietly();
        forgetTransaction();
        recoveries++;
        if (!aborted) {
            renewProducer(new KafkaException("a transaction of partitions no longer held could not be aborted"));
        }
        restartFromCommitted();
    }

    /**
     * Forgets every unpublished message and has the feeder start its partitions again from their committed
     * offsets. Only after the failed transaction is settled (aborted, or fenced by a new producer): the
     * offsets read back must not be those of a transaction that could still commit.
     */
    private void restartFromCommitted() {
        ledger.dropAll();
        feeder.rewind();
    }

    /** A commit that timed out may be retried (the producer says so): a broker restart is waited out. */
    private void commitRetryingTimeouts() {
        long end = System.nanoTime() + 4 * timeout.toNanos();
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
        }
    }

    /**
     * Aborts the failed transaction and has its work redone from the committed offsets; rethrows what
     * cannot be retried, or what has failed for longer than four Kafka timeouts.
     */
    private void recover(KafkaException e) throws InterruptedException {
        long now = System.nanoTime();
        if (failingSince < 0) {
            failingSince = now;
        }
        if (KafkaFailures.fatalForProducer(e) || now - failingSince > 4 * timeout.toNanos()) {
            abortQuietly();
            throw e;
        }
        boolean aborted = !open || abortQuietly();
        forgetTransaction();
        recoveries++;
        Thread.sleep(RETRY_MILLIS);
        if (!aborted) {
            renewProducer(e);
        }
        // the records the aborted transaction held are gone, and what follows them must not pass them:
        // nothing of the ledger is taken (this thread takes) before the partitions start again
        restartFromCommitted();
    }

    /** A producer in a state it cannot leave (the broker timed its transaction out) is replaced. */
    private void renewProducer(KafkaException cause) throws InterruptedException {
        producer.close(Duration.ZERO);
        while (true) {
            KafkaProducer<byte[], byte[]> next = producers.get();
            try {
                next.initTransactions();
                producer = next;
                return;
            } catch (KafkaException e) {
                next.close(Duration.ZERO);
                if (KafkaFailures.fatalForProducer(e) || System.nanoTime() - failingSince > 4 * timeout.toNanos()) {
                    e.addSuppressed(cause);
                    throw e;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    /** True when the transaction was aborted and the producer can begin another. */
    private boolean abortQuietly() {
        try {
            producer.abortTransaction();
            return true;
        } catch (KafkaException ignored) {
            // fenced or broken: the broker aborts it when the transaction times out
            return false;
        }
    }

    /** Publishes what is complete, stops, and closes the producer. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            if (thread.isAlive()) {
                thread.join(4 * timeout.toMillis() + 5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            stopped = true;
        }
        producer.close(timeout);
    }
}
