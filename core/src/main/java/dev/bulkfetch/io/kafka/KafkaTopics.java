package dev.bulkfetch.io.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates a topic and waits until it can take messages. The wait matters: a produce right after a topic
 * is created can hang until its partitions have leaders (KAFKA-15591), so {@link #awaitLeaders} asks
 * every partition's latest offset, which only a leader answers, until all have answered.
 */
public final class KafkaTopics implements AutoCloseable {
    private static final long RETRY_MILLIS = 50;

    private final KafkaCluster cluster;
    private final Admin admin;

    public KafkaTopics(KafkaCluster cluster) {
        this.cluster = cluster;
        this.admin = Admin.create(cluster.common("bulkfetch-admin"));
    }

    /**
     * Creates the topic with this many partitions (the broker's default replication) unless it exists.
     *
     * @return true if it was created, false if it was there already (its partitions left as they are)
     * @throws KafkaUnavailableException when the cluster does not answer or refuses
     */
    public boolean create(String topic, int partitions) {
        NewTopic spec = new NewTopic(topic, Optional.of(partitions), Optional.empty());
        try {
            await(admin.createTopics(List.of(spec)).all(), "create topic " + topic);
            return true;
        } catch (KafkaUnavailableException e) {
            if (e.getCause() instanceof ExecutionException x && x.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Fails at once when the topic does not exist (rather than waiting the Kafka timeout for it to appear).
     *
     * @throws KafkaUnavailableException naming the topic
     */
    public void requireExists(String topic) {
        try {
            await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic);
        } catch (KafkaUnavailableException e) {
            if (e.getCause() instanceof ExecutionException x && x.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new KafkaUnavailableException("cannot read topic " + topic + " at " + cluster.bootstrap()
                        + ": there is no such topic (bulkfetch submit --create-topic makes it)", e);
            }
            throw e;
        }
    }

    /**
     * Returns once every partition of the topic has a leader, or fails after the Kafka timeout.
     *
     * @return the number of partitions
     */
    public int awaitLeaders(String topic) {
        long deadline = System.nanoTime() + cluster.timeout().toNanos();
        while (true) {
            try {
                TopicDescription d = await(admin.describeTopics(List.of(topic)).allTopicNames(),
                        "describe topic " + topic).get(topic);
                Map<TopicPartition, OffsetSpec> latest = d.partitions().stream().collect(Collectors.toMap(
                        p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
                await(admin.listOffsets(latest).all(), "find the leaders of topic " + topic);
                return latest.size();
            } catch (KafkaUnavailableException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
            }
            sleep();
        }
    }

    /**
     * Every partition of a topic as a reader assigns them, asked through its consumer.
     *
     * @throws KafkaUnavailableException when the topic does not exist
     */
    static List<TopicPartition> partitions(Consumer<?, ?> consumer, KafkaCluster cluster, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, cluster.timeout());
        if (infos == null || infos.isEmpty()) {
            throw new KafkaUnavailableException("cannot read topic " + topic + " at " + cluster.bootstrap()
                    + ": there is no such topic", null);
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** The result of an admin call, waited for no longer than the Kafka timeout. */
    private <T> T await(KafkaFuture<T> future, String doing) {
        try {
            return future.get(cluster.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw KafkaFailures.noAnswer(cluster, doing, e);
        } catch (ExecutionException e) {
            throw KafkaFailures.refused(cluster, doing, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KafkaFailures.refused(cluster, doing, e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for partition leaders", e);
        }
    }

    @Override
    public void close() {
        // nothing of ours is pending at close; a call still hanging on a dead cluster is dropped
        admin.close(Duration.ZERO);
    }
}
