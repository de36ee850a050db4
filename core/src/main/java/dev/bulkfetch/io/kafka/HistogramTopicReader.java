package dev.bulkfetch.io.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads the whole histograms topic, every partition from its beginning to the end it had when the
 * read started, and hands each message to the caller decoded. A message that is not what a worker
 * writes is skipped and counted, so one bad producer cannot stop a report. It joins no group and
 * commits nothing.
 */
public final class HistogramTopicReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaCluster cluster;
    private final String topic;

    public HistogramTopicReader(KafkaCluster cluster, String topic) {
        this.cluster = cluster;
        this.topic = topic;
    }

    /**
     * Reads every message there is now.
     *
     * @throws KafkaUnavailableException when the cluster does not answer within the Kafka timeout
     *                                   (also between two batches), or the topic does not exist
     */
    public HistogramReadReport read(Consumer<HistogramMessage> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings())) {
            List<TopicPartition> partitions = KafkaTopics.partitions(consumer, cluster, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, cluster.timeout());
            return read(consumer, end, each);
        } catch (KafkaException e) {
            throw KafkaFailures.refused(cluster, "read topic " + topic, e);
        }
    }

    private HistogramReadReport read(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end,
                                     Consumer<HistogramMessage> each) {
        long messages = 0;
        long malformed = 0;
        String firstProblem = null;
        long lastProgress = System.nanoTime();
        while (!atEnd(consumer, end)) {
            if (System.nanoTime() - lastProgress > cluster.timeout().toNanos()) {
                throw KafkaFailures.noAnswer(cluster, "read topic " + topic, new KafkaException("no records came"));
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                lastProgress = System.nanoTime();
                try {
                    each.accept(HistogramCodec.decode(r.key(), r.value(), r.headers()));
                    messages++;
                } catch (MalformedHistogramException e) {
                    malformed++;
                    if (firstProblem == null) {
                        firstProblem = "partition " + r.partition() + " offset " + r.offset() + ": " + e.getMessage();
                    }
                }
            }
        }
        return new HistogramReadReport(messages, malformed, firstProblem);
    }

    private boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), cluster.timeout()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** collect's reader (histograms are not written in transactions, so all of them are committed), minus topic creation. */
    private Properties settings() {
        Properties p = cluster.committedReader("bulkfetch-report");
        // a report must not create the topic it was asked about (a typo would leave one behind)
        p.put("allow.auto.create.topics", false);
        return p;
    }
}
