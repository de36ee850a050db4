package dev.bulkfetch.io.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes the messages of a submit to a topic with an idempotent, acks=all producer, and counts where
 * they went. Sends are asynchronous and the producer's buffer is bounded, so a submit of any size runs
 * in constant memory; the first failed send stops it. Each message carries its input line number in
 * the header {@value #LINE_HEADER} (and a line's problem in {@value #PROBLEM_HEADER}), so that a
 * worker's record can name the line it came from.
 */
public final class KafkaSubmitter {
    /** Header with the input line number, in decimal. */
    public static final String LINE_HEADER = "bulkfetch-line";
    /** Header with why a line could not be read as it is (too long, not UTF-8); absent otherwise. */
    public static final String PROBLEM_HEADER = "bulkfetch-problem";

    private final KafkaCluster cluster;
    private final String topic;

    public KafkaSubmitter(KafkaCluster cluster, String topic) {
        this.cluster = cluster;
        this.topic = topic;
    }

    /**
     * Sends every message and returns once all are acknowledged.
     *
     * @throws KafkaUnavailableException when the cluster does not answer within the Kafka timeout, or
     *                                   refuses a message; some messages may have been written by then
     */
    public SubmitReport submit(SubmitMessages messages) {
        ConcurrentHashMap<Integer, LongAdder> counts = new ConcurrentHashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        long lines = 0;
        long lastLine = 0;
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producer("bulkfetch-submit"));
        boolean clean = false;
        try {
            // the topic's metadata first: an unreachable cluster or a missing topic fails here, in time
            producer.partitionsFor(topic);
            while (failure.get() == null && messages.hasNext()) {
                SubmitMessage m = messages.next();
                producer.send(record(m), (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        counts.computeIfAbsent(meta.partition(), p -> new LongAdder()).increment();
                    }
                });
                sent++;
                if (m.line() != lastLine) {
                    lines++;
                    lastLine = m.line();
                }
            }
            producer.flush();
            if (failure.get() != null) {
                throw KafkaFailures.refused(cluster, "submit to topic " + topic, failure.get());
            }
            clean = true;
        } catch (KafkaException e) {
            throw KafkaFailures.refused(cluster, "submit to topic " + topic, e);
        } finally {
            // after a failure nothing is left worth waiting for: the sends still queued are dropped
            producer.close(clean ? cluster.timeout() : Duration.ZERO);
        }
        TreeMap<Integer, Long> perPartition = new TreeMap<>();
        counts.forEach((p, n) -> perPartition.put(p, n.sum()));
        return new SubmitReport(lines, messages.skippedLines(), sent, perPartition);
    }

    private ProducerRecord<byte[], byte[]> record(SubmitMessage m) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(LINE_HEADER, Long.toString(m.line()).getBytes(StandardCharsets.US_ASCII)));
        if (m.problem() != null) {
            headers.add(new RecordHeader(PROBLEM_HEADER, m.problem().getBytes(StandardCharsets.UTF_8)));
        }
        return new ProducerRecord<>(topic, null, m.key(), m.value().getBytes(StandardCharsets.UTF_8), headers);
    }
}
