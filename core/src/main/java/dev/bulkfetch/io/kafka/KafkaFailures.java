package dev.bulkfetch.io.kafka;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

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

    /**
     * A transactional producer's failure that retrying cannot mend: its group instance was fenced, or
     * the cluster refuses it (authorization, an unsupported version, a bad setting). Any other failure
     * is mended by aborting and redoing the work, a fenced producer included: a broker that times a
     * transaction out (it was down longer than the transaction timeout) fences its producer, and a new
     * producer of the same id is the way on. Two live workers of one id cannot commit over each other
     * either way, since the offsets are committed under each one's group generation.
     */
    static boolean fatalForProducer(Throwable e) {
        return e instanceof FencedInstanceIdException
                || e instanceof AuthorizationException || e instanceof UnsupportedVersionException
                || e instanceof InvalidConfigurationException;
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
