package dev.bulkfetch.worker;

import dev.bulkfetch.engine.Progress;
import dev.bulkfetch.engine.RunListener;
import dev.bulkfetch.io.kafka.HistogramCodec;
import dev.bulkfetch.io.kafka.HistogramMessage;
import dev.bulkfetch.io.kafka.HistogramTopicWriter;
import dev.bulkfetch.io.kafka.KafkaCluster;
import dev.bulkfetch.metrics.IntervalSnapshot;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Publishes a worker's interval histograms to the cluster's histograms topic (default {@code
 * R.histograms}), one message per phase and interval, so that {@code bulkfetch report --kafka} can
 * show the latency of every worker and of the whole cluster. It wraps the listener the run already has
 * (the progress line, the local interval log) and passes everything on to it.
 *
 * <pre>{@code
 * try (HistogramPublisher publisher = HistogramPublisher.start(bootstrap, topic + ".histograms", workerId,
 *         "http", listener)) {
 *     ... run with publisher as the RunListener ...
 * }   // close sends what is left, waiting at most the Kafka timeout
 * }</pre>
 *
 * <p>Called on the writer thread, it never waits there on the cluster: messages are encoded and handed
 * to the producer's own thread ({@link HistogramTopicWriter}). A failure to publish does not fail the
 * run; it is said once, through the inner listener's {@link RunListener#notice}, and counted. The topic
 * should exist (the worker creates it beside the result topic); a broker that creates topics on first
 * use creates it too, with its default partitions, which serves as well.
 */
public final class HistogramPublisher implements RunListener, AutoCloseable {
    /** How long publishing waits for the cluster at most when {@link #start} is given a bootstrap list. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final RunListener inner;
    private final HistogramTopicWriter writer;
    private final String topic;
    private final String workerId;
    private final String kind;
    private boolean toldFailure;
    private boolean closed;

    private HistogramPublisher(RunListener inner, HistogramTopicWriter writer, String topic, String workerId,
                               String kind) {
        this.inner = inner;
        this.writer = writer;
        this.topic = topic;
        this.workerId = workerId;
        this.kind = kind;
    }

    /**
     * Starts publishing to a cluster given as {@code HOST:PORT[,...]}, waiting for it at most
     * {@link #DEFAULT_TIMEOUT} per step.
     *
     * @param bootstrap {@code HOST:PORT[,...]}
     * @param topic     the histograms topic, by convention the result topic's name plus {@code .histograms}
     * @param workerId  the worker's id: the message key, and the name its runs get in a report
     * @param kind      {@code http} or {@code dns} (an rdns worker is {@code dns}): which phases the run has
     * @param inner     the listener the run had without publishing; it gets every call
     * @throws IllegalArgumentException when bootstrap is not a HOST:PORT list, the worker id is empty or
     *                                  the kind is neither http nor dns
     */
    public static HistogramPublisher start(String bootstrap, String topic, String workerId, String kind,
                                           RunListener inner) {
        return start(new KafkaCluster(bootstrap, DEFAULT_TIMEOUT), topic, workerId, kind, inner);
    }

    /** The same, for a cluster handle the worker already has (with its own --kafka-timeout). */
    public static HistogramPublisher start(KafkaCluster cluster, String topic, String workerId, String kind,
                                           RunListener inner) {
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("a worker id must not be empty");
        }
        if (!HistogramCodec.KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be http or dns, not '" + kind + "'");
        }
        HistogramTopicWriter writer = new HistogramTopicWriter(cluster, topic, "bulkfetch-histograms-" + workerId);
        return new HistogramPublisher(inner, writer, topic, workerId, kind);
    }

    @Override
    public void progress(Progress progress) {
        inner.progress(progress);
    }

    @Override
    public void notice(String message) {
        inner.notice(message);
    }

    @Override
    public Duration intervalLength() {
        return inner.intervalLength();
    }

    /** Passes the interval on, then queues its phases for the topic (empty ones too: the interval happened). */
    @Override
    public void interval(IntervalSnapshot s) {
        inner.interval(s);
        List<HistogramMessage> messages = new ArrayList<>(s.phases().size());
        for (Histogram h : s.phases()) {
            messages.add(new HistogramMessage(workerId, kind, h.getTag(), s.startEpochMs(), s.endEpochMs(), h));
        }
        writer.offer(messages);
        tellFailure();
    }

    /** Messages the cluster has acknowledged so far. */
    public long published() {
        return writer.sent();
    }

    /** Messages that could not be published. */
    public long failed() {
        return writer.failed();
    }

    /** Sends what is queued, waiting at most the Kafka timeout, and says how many were lost if any. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        if (writer.failed() > 0) {
            inner.notice(String.format(Locale.ROOT, "%,d interval histograms not published to topic %s (first: %s)",
                    writer.failed(), topic, writer.firstFailure()));
        }
    }

    private void tellFailure() {
        if (!toldFailure && writer.firstFailure() != null) {
            toldFailure = true;
            inner.notice("cannot publish latency histograms (the run goes on): " + writer.firstFailure());
        }
    }
}
