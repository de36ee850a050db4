package dev.bulkfetch.io.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes interval histograms to the histograms topic without ever making its caller wait on the
 * cluster: {@link #offer} encodes the messages and hands them to a thread of its own, which sends them
 * with an idempotent, acks=all producer (not transactional: a histogram sent twice by a retry is
 * prevented by idempotence, and one lost with a dead worker costs a line of a report, not a record).
 * A producer's send can block for metadata or buffer space; here only that thread waits. Failures are
 * counted, not thrown; {@link #firstFailure} says what the first one was.
 *
 * <p>The topic is expected to exist (the worker creates it); a broker with {@code
 * auto.create.topics.enable} creates it on the first message, which works too.
 */
public final class HistogramTopicWriter implements AutoCloseable {
    /** Intervals waiting for the sending thread at most; more are dropped (and counted) while it is stuck. */
    static final int BACKLOG = 1024;

    private final KafkaCluster cluster;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ThreadPoolExecutor sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    /**
     * @throws KafkaUnavailableException when the client cannot start (a bootstrap host that does not
     *                                   resolve); the cluster itself is not asked anything yet
     */
    public HistogramTopicWriter(KafkaCluster cluster, String topic, String clientId) {
        this.cluster = cluster;
        this.topic = topic;
        try {
            this.producer = new KafkaProducer<>(cluster.producer(clientId));
        } catch (KafkaException e) {
            throw KafkaFailures.refused(cluster, "write to topic " + topic, e);
        }
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(BACKLOG), r -> {
            Thread t = new Thread(r, "bulkfetch-histograms");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues one interval's messages for sending and returns at once. */
    public void offer(List<HistogramMessage> messages) {
        if (sender.isShutdown()) {
            fail(messages.size(), "offered after close");
            return;
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(messages.size());
        for (HistogramMessage m : messages) {
            records.add(HistogramCodec.record(topic, m));
        }
        try {
            sender.execute(() -> send(records));
        } catch (RejectedExecutionException e) {
            fail(records.size(), "the cluster has taken nothing for " + BACKLOG + " intervals; dropping them");
        }
    }

    private void send(List<ProducerRecord<byte[], byte[]>> records) {
        for (ProducerRecord<byte[], byte[]> r : records) {
            try {
                producer.send(r, (meta, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    } else {
                        fail(1, KafkaFailures.refused(cluster, "write to topic " + topic, e).getMessage());
                    }
                });
            } catch (KafkaException | IllegalStateException e) {
                fail(1, KafkaFailures.refused(cluster, "write to topic " + topic, e).getMessage());
            }
        }
    }

    private void fail(long n, String why) {
        failed.addAndGet(n);
        firstFailure.compareAndSet(null, why);
    }

    /** Messages the cluster has acknowledged. */
    public long sent() {
        return sent.get();
    }

    /** Messages that could not be written (refused, timed out, or dropped from a full backlog). */
    public long failed() {
        return failed.get();
    }

    /** What went wrong first, or null while nothing has. */
    public String firstFailure() {
        return firstFailure.get();
    }

    /**
     * Sends what is queued and waits for it to be acknowledged, each step no longer than the Kafka
     * timeout; what is still unsent then is dropped and counted as failed.
     */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                int dropped = sender.shutdownNow().size();
                fail(dropped, "the cluster took too long; " + dropped + " intervals were not sent");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(cluster.timeout());
    }
}
