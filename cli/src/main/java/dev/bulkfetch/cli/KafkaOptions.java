package dev.bulkfetch.cli;

import dev.bulkfetch.io.kafka.KafkaCluster;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Where the Kafka cluster is and how long to wait for it: the options {@code submit} and {@code collect} share
 * ({@code report} has its own, not required, and the same check). */
final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "HOST:PORT[,...]", required = true,
            description = "Kafka brokers to start from (bootstrap servers).")
    String bootstrap;

    @Option(names = "--kafka-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Longest wait for the cluster to answer; an unreachable one is exit 1 after it (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The cluster, or a usage error (exit 2) when --kafka is not a HOST:PORT list. */
    KafkaCluster cluster() {
        return cluster(bootstrap, timeout);
    }

    /** The same check for a command that takes these options unrequired (report). */
    static KafkaCluster cluster(String bootstrap, Duration timeout) {
        try {
            return new KafkaCluster(bootstrap, timeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException((timeout.isZero() || timeout.isNegative() ? "--kafka-timeout: " : "--kafka: ")
                    + e.getMessage());
        }
    }
}
