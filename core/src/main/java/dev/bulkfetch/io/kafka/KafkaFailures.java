package dev.bulkfetch.io.kafka;

import java.util.concurrent.ExecutionException;

/** Turns what a Kafka client threw into a {@link KafkaUnavailableException} a user can read. */
final class KafkaFailures {
    private KafkaFailures() {
    }

    /** Nothing came back in time: the cluster is unreachable, or the topic has no leader. */
    static KafkaUnavailableException noAnswer(KafkaCluster cluster, String doing, Throwable e) {
        return new KafkaUnavailableException("cannot " + doing + " at " + cluster.bootstrap() + ": no answer within "
                + seconds(cluster) + " (" + reason(e) + ")", e);
    }

    /** The cluster answered no, or the client failed in another way. */
    static KafkaUnavailableException refused(KafkaCluster cluster, String doing, Throwable e) {
        if (rootIsTimeout(e)) {
            return noAnswer(cluster, doing, e);
        }
        return new KafkaUnavailableException("cannot " + doing + " at " + cluster.bootstrap() + ": " + reason(e), e);
    }

    private static boolean rootIsTimeout(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof org.apache.kafka.common.errors.TimeoutException;
    }

    private static String seconds(KafkaCluster cluster) {
        long ms = cluster.timeout().toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** What the client said, without wrapper exceptions a user has no use for. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
