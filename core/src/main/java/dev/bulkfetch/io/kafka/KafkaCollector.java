package dev.bulkfetch.io.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Reads a result topic from its beginning and writes each record's value as one line, for people
 * without Kafka tooling. It reads committed records only ({@code read_committed}): records of a
 * transaction that was aborted, as a worker's is when it dies mid-transaction, are never written,
 * so each input appears once. It joins no group and commits nothing, so it can be run any number of
 * times, beside the workers.
 */
public final class KafkaCollector {
    /** Longest single wait in poll, so the idle limit is checked at least this often. */
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * Records per poll: the client's default of 500 made a million-record collect spend more time in
     * poll's own work than in writing (a collect's CPU was a third of a worker's); a poll returns at
     * most what one fetch brought anyway.
     */
    private static final int RECORDS_PER_POLL = 20_000;

    private final KafkaCluster cluster;
    private final String topic;

    public KafkaCollector(KafkaCluster cluster, String topic) {
        this.cluster = cluster;
        this.topic = topic;
    }

    /**
     * Writes records to out (flushed after each batch) until the limits say stop.
     *
     * @return the number of records written
     * @throws KafkaUnavailableException when the cluster does not answer within the Kafka timeout or
     *                                   the topic does not exist
     * @throws IOException               when out fails
     */
    public long collect(CollectLimits limits, OutputStream out) throws IOException {
        return collect(limits, out, false);
    }

    /**
     * As {@link #collect(CollectLimits, OutputStream)}; with {@code simple}, each DNS record is written as
     * the massdns-style lines of {@code --format simple} ({@link SimpleRecords}) instead of its NDJSON.
     */
    public long collect(CollectLimits limits, OutputStream out, boolean simple) throws IOException {
        Properties settings = cluster.committedReader("bulkfetch-collect");
        settings.put("max.poll.records", RECORDS_PER_POLL);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = KafkaTopics.partitions(consumer, cluster, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return read(consumer, limits, out, simple);
        } catch (KafkaException e) {
            throw KafkaFailures.refused(cluster, "read topic " + topic, e);
        }
    }

    private static long read(KafkaConsumer<byte[], byte[]> consumer, CollectLimits limits, OutputStream out,
                             boolean simple)
            throws IOException {
        long count = 0;
        long lastNew = System.nanoTime();
        while (limits.expect() == 0 || count < limits.expect()) {
            Duration wait = POLL;
            if (limits.untilIdle() != null) {
                Duration left = limits.untilIdle().minusNanos(System.nanoTime() - lastNew);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                wait = left.compareTo(POLL) < 0 ? left : POLL;
            }
            boolean any = false;
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
                if (simple) {
                    writeSimple(r.value(), out);
                } else {
                    writeLine(r.value(), out);
                }
                any = true;
                if (++count == limits.expect()) {
                    break;
                }
            }
            if (any) {
                lastNew = System.nanoTime();
                out.flush();
            }
        }
        out.flush();
        return count;
    }

    private static void writeSimple(byte[] value, OutputStream out) throws IOException {
        if (value != null) {
            out.write(SimpleRecords.of(new String(value, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A record's value as one line: the bytes as they are, a newline added unless there is one. */
    private static void writeLine(byte[] value, OutputStream out) throws IOException {
        if (value == null) {
            return; // a tombstone holds no record; none of ours is one
        }
        out.write(value);
        if (value.length == 0 || value[value.length - 1] != '\n') {
            out.write('\n');
        }
    }
}
