package dev.bulkfetch.io.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a worker reads and writes and how it keeps its books: immutable, made with {@link #builder}.
 *
 * @param cluster            the brokers, and the longest wait for them
 * @param group              the consumer group all workers of one job share
 * @param in                 the topic of targets
 * @param out                the topic of records (made with the input's partition count when missing)
 * @param workerId           this worker's name: its transactional id is {@code bulkfetch-GROUP-ID}, so a
 *                           worker restarted under the same id aborts what its predecessor left open at once
 * @param commitInterval     how often a transaction is committed
 * @param sessionTimeout     how long a silent worker keeps its partitions
 * @param transactionTimeout how long the broker waits before aborting a dead worker's open transaction
 * @param reorderBuffer      finished records held back (behind an unfinished earlier message) at most,
 *                           before no new message is taken
 */
public record WorkerSettings(KafkaCluster cluster, String group, String in, String out, String workerId,
                             Duration commitInterval, Duration sessionTimeout, Duration transactionTimeout,
                             long reorderBuffer) {

    public WorkerSettings {
        Objects.requireNonNull(cluster, "cluster");
        requireName("group", group);
        requireName("input topic", in);
        requireName("output topic", out);
        requireName("worker id", workerId);
        if (in.equals(out)) {
            throw new IllegalArgumentException("the input and output topics must differ (both are " + in + ")");
        }
        requirePositive("commit interval", commitInterval);
        requirePositive("session timeout", sessionTimeout);
        requirePositive("transaction timeout", transactionTimeout);
        if (reorderBuffer < 1) {
            throw new IllegalArgumentException("the reorder buffer must hold at least one record");
        }
    }

    /** The transactional id: one per worker name and group. */
    public String transactionalId() {
        return "bulkfetch-" + group + "-" + workerId;
    }

    public static Builder builder(KafkaCluster cluster, String group, String in, String out) {
        return new Builder(cluster, group, in, out);
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must not be empty");
        }
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive");
        }
    }

    /** Builds {@link WorkerSettings}: commit every second, 10 s session, 10 s transactions, 200,000 records held. */
    public static final class Builder {
        private final KafkaCluster cluster;
        private final String group;
        private final String in;
        private final String out;
        private String workerId = defaultWorkerId();
        private Duration commitInterval = Duration.ofSeconds(1);
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private Duration transactionTimeout = Duration.ofSeconds(10);
        private long reorderBuffer = 200_000;

        private Builder(KafkaCluster cluster, String group, String in, String out) {
            this.cluster = cluster;
            this.group = group;
            this.in = in;
            this.out = out;
        }

        /** host name and process id: unique on a cluster of machines, new on every start. */
        private static String defaultWorkerId() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                // the kernel's name, not InetAddress.getLocalHost(): that may ask the system's resolver
                try {
                    host = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
                } catch (java.io.IOException | RuntimeException e) {
                    host = "";
                }
            }
            if (host.isBlank()) {
                host = "worker";
            }
            return host + "-" + ProcessHandle.current().pid();
        }

        public Builder workerId(String id) {
            this.workerId = id;
            return this;
        }

        public Builder commitInterval(Duration d) {
            this.commitInterval = d;
            return this;
        }

        public Builder sessionTimeout(Duration d) {
            this.sessionTimeout = d;
            return this;
        }

        public Builder transactionTimeout(Duration d) {
            this.transactionTimeout = d;
            return this;
        }

        public Builder reorderBuffer(long records) {
            this.reorderBuffer = records;
            return this;
        }

        public WorkerSettings build() {
            return new WorkerSettings(cluster, group, in, out, workerId, commitInterval, sessionTimeout,
                    transactionTimeout, reorderBuffer);
        }
    }
}
