package dev.bulkfetch.io.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Where a Kafka cluster is and how long bulkfetch waits for it: the client settings every producer,
 * consumer and admin client of bulkfetch starts from. Every wait the clients could make is bounded by
 * {@code timeout}, so an unreachable cluster ends a command with an error instead of a hang (their own
 * defaults wait a minute or more, and a producer's send blocks until metadata comes).
 *
 * @param bootstrap {@code HOST:PORT[,HOST:PORT...]}
 * @param timeout   the longest wait for the cluster to answer
 */
public record KafkaCluster(String bootstrap, Duration timeout) {

    public KafkaCluster {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Kafka timeout must be positive");
        }
        checkBootstrap(bootstrap);
    }

    /** The timeout in milliseconds, as the client settings take it (at least 1). */
    public int timeoutMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Settings shared by every client: where, who, and how long one request may take. */
    Properties common(String clientId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("client.id", clientId);
        p.put("request.timeout.ms", timeoutMillis());
        p.put("default.api.timeout.ms", timeoutMillis());
        // a broker that is down is asked again soon, so a restart within the timeout is noticed
        p.put("reconnect.backoff.max.ms", 1000);
        return p;
    }

    /**
     * A producer that writes each message once even when it retries (idempotent) and counts a message
     * sent only when every in-sync replica has it (acks=all), so a broker lost mid-submit loses none.
     */
    Properties producer(String clientId) {
        Properties p = common(clientId);
        p.put("acks", "all");
        p.put("enable.idempotence", true);
        // send() waits for metadata and for buffer space at most this long: the "never a hang" bound
        p.put("max.block.ms", timeoutMillis());
        p.put("linger.ms", 5);
        // at least linger + request timeout, as the client demands; retries go on within it
        p.put("delivery.timeout.ms", 5 + 2 * timeoutMillis());
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return p;
    }

    /** A reader of committed records only, without a group: it commits nothing and joins nothing. */
    Properties committedReader(String clientId) {
        Properties p = common(clientId);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", false);
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        return p;
    }

    /**
     * A member of a worker group: it reads committed input only (a transactional submitter's aborted
     * messages are never fetched), commits nothing itself (offsets go with the records' transactions),
     * and starts a partition nobody has committed from its beginning. A worker that dies is noticed
     * after {@code sessionTimeout}, when its partitions go to the others.
     */
    Properties groupReader(String clientId, String group, Duration sessionTimeout) {
        Properties p = committedReader(clientId);
        p.put("group.id", group);
        int session = (int) Math.max(1, Math.min(Integer.MAX_VALUE, sessionTimeout.toMillis()));
        p.put("session.timeout.ms", session);
        p.put("heartbeat.interval.ms", Math.max(1, session / 3));
        return p;
    }

    /**
     * A transactional producer: records and the input offsets they answer are committed together or not
     * at all. A worker that dies leaves its open transaction to the broker, which aborts it after
     * {@code transactionTimeout}; readers of the output and the next owner of its partitions wait for
     * that, so it is kept short.
     */
    Properties transactionalProducer(String clientId, String transactionalId, Duration transactionTimeout) {
        Properties p = producer(clientId);
        p.put("transactional.id", transactionalId);
        p.put("transaction.timeout.ms", (int) Math.max(1000, Math.min(Integer.MAX_VALUE, transactionTimeout.toMillis())));
        p.put("linger.ms", 10);
        p.put("batch.size", 256 * 1024);
        return p;
    }

    /**
     * Checks the form of a bootstrap list, so that a typo is a usage error before any client starts
     * (the client would only say "no resolvable bootstrap urls").
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    private static void checkBootstrap(String bootstrap) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("no Kafka broker given (HOST:PORT[,HOST:PORT...])");
        }
        for (String entry : List.of(bootstrap.split(",", -1))) {
            int colon = entry.lastIndexOf(':');
            String port = colon < 0 ? "" : entry.substring(colon + 1);
            boolean digits = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9');
            if (colon <= 0 || !digits || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535
                    || entry.strip().length() != entry.length()) {
                throw new IllegalArgumentException("'" + entry + "' is not HOST:PORT");
            }
        }
    }
}
