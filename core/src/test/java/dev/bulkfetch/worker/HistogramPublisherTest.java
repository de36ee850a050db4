package dev.bulkfetch.worker;

import dev.bulkfetch.engine.Progress;
import dev.bulkfetch.engine.RunListener;
import dev.bulkfetch.io.kafka.EmbeddedKafka;
import dev.bulkfetch.io.kafka.HistogramReadReport;
import dev.bulkfetch.io.kafka.HistogramTopicReader;
import dev.bulkfetch.io.kafka.KafkaCluster;
import dev.bulkfetch.metrics.IntervalSnapshot;
import dev.bulkfetch.metrics.PhaseRecorder;
import dev.bulkfetch.metrics.RunRecord;
import dev.bulkfetch.metrics.kafka.ClusterIntervals;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers publishing their interval histograms to a real broker on 127.0.0.1, and the topic read back
 * into each worker's intervals and the cluster's.
 */
class HistogramPublisherTest {
    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    private static final long T0 = 1_767_000_000_000L;

    /** What a wrapped listener saw. */
    private static final class Seen implements RunListener {
        final List<Progress> progress = new ArrayList<>();
        final List<IntervalSnapshot> intervals = new ArrayList<>();
        final List<String> notices = new ArrayList<>();

        @Override
        public void progress(Progress p) {
            progress.add(p);
        }

        @Override
        public void interval(IntervalSnapshot s) {
            intervals.add(s);
        }

        @Override
        public void notice(String message) {
            notices.add(message);
        }

        @Override
        public Duration intervalLength() {
            return Duration.ofMillis(250);
        }
    }

    /** One phase of one interval holding {@code n} values from {@code first}, {@code step} apart. */
    private static Histogram phase(String tag, long first, long step, int n) {
        Histogram h = PhaseRecorder.newHistogram();
        for (int k = 0; k < n; k++) {
            h.recordValue(first + k * step);
        }
        h.setTag(tag);
        return h;
    }

    /** Worker w's interval i: 1 s long, its values known (worker 2 is slower and starts 300 ms later). */
    private static IntervalSnapshot interval(int w, int i) {
        long start = T0 + (w == 1 ? 0 : 300) + i * 1000L;
        List<Histogram> phases = List.of(
                phase("connect", 50 + 10 * w, 1, 20 + i),
                phase("total", w == 1 ? (i + 1) * 100 : 10_000 * (i + 1), w == 1 ? 1 : 7, w == 1 ? 100 : 50),
                phase("error", 1, 1, 0));
        return new IntervalSnapshot(start, start + 1000, phases);
    }

    @Test
    void twoWorkersReadBackWithExactCountsAndAClusterEqualToTheirLocalMerge() {
        String topic = "two.histograms";
        kafka.createTopic(topic, 2);
        Histogram mergedTotal = PhaseRecorder.newHistogram();
        for (int w = 1; w <= 2; w++) {
            Seen inner = new Seen();
            try (HistogramPublisher p = HistogramPublisher.start(kafka.bootstrap(), topic, "w" + w, "http", inner)) {
                for (int i = 0; i < 3; i++) {
                    IntervalSnapshot s = interval(w, i);
                    p.interval(s);
                    assertSame(s, inner.intervals.get(i), "the wrapped listener gets every interval as it is");
                    mergedTotal.add(s.phases().get(1));
                }
                p.close();
                assertEquals(9, p.published());
                assertEquals(0, p.failed());
            }
            assertEquals(List.of(), inner.notices);
        }

        ClusterIntervals cluster = new ClusterIntervals();
        HistogramReadReport read = new HistogramTopicReader(kafka.cluster(), topic).read(cluster::add);
        assertEquals(new HistogramReadReport(18, 0, null), read);
        assertEquals(List.of("http"), cluster.kinds());
        assertEquals(List.of("w1", "w2"), cluster.workers("http"));

        // each worker's intervals as it measured them
        for (int w = 1; w <= 2; w++) {
            List<IntervalSnapshot> mine = cluster.worker("http", "w" + w);
            assertEquals(3, mine.size());
            for (int i = 0; i < 3; i++) {
                IntervalSnapshot expected = interval(w, i);
                assertEquals(expected.startEpochMs(), mine.get(i).startEpochMs());
                assertEquals(expected.endEpochMs(), mine.get(i).endEpochMs());
                assertEquals(List.of("connect", "total", "error"), mine.get(i).phases().stream().map(Histogram::getTag).toList());
                for (int k = 0; k < 3; k++) {
                    assertEquals(expected.phases().get(k), mine.get(i).phases().get(k));
                }
            }
        }

        // the cluster: worker 2's intervals (300 ms later) fall into worker 1's slots of the grid
        List<IntervalSnapshot> all = cluster.cluster("http");
        assertEquals(3, all.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(T0 + i * 1000L, all.get(i).startEpochMs());
            assertEquals(150, all.get(i).phases().get(1).getTotalCount());
        }

        List<RunRecord> runs = cluster.runs(0, Double.MAX_VALUE, Map.of("source", "test"));
        assertEquals(List.of("cluster", "worker w1", "worker w2"), runs.stream().map(RunRecord::label).toList());
        assertEquals(300, runs.get(1).phases().get("total").getTotalCount());
        assertEquals(150, runs.get(2).phases().get("total").getTotalCount());
        assertEquals(20 + 21 + 22, runs.get(2).phases().get("connect").getTotalCount());
        Histogram clusterTotal = runs.get(0).phases().get("total");
        assertEquals(mergedTotal.getTotalCount(), clusterTotal.getTotalCount());
        for (double p : new double[] {0, 50, 90, 99, 99.9, 99.99, 100}) {
            assertEquals(mergedTotal.getValueAtPercentile(p), clusterTotal.getValueAtPercentile(p), "p" + p);
        }
        assertEquals(mergedTotal.getMean(), clusterTotal.getMean(), 1e-9);
        assertEquals(450, runs.get(0).results(), "completions: total and error phases of every interval");
        assertEquals(3.3, runs.get(0).seconds(), 1e-9, "from worker 1's first start to worker 2's last end");

        // a time range keeps the intervals inside it, on the topic's clock
        List<RunRecord> middle = cluster.runs(0.9, 2.4, Map.of());
        assertEquals(100, middle.get(1).phases().get("total").getTotalCount());
        assertEquals(50, middle.get(2).phases().get("total").getTotalCount());
    }

    @Test
    void everyCallReachesTheWrappedListener() {
        Seen inner = new Seen();
        try (HistogramPublisher p = HistogramPublisher.start(kafka.bootstrap(), "calls.histograms", "w", "dns", inner)) {
            Progress progress = new Progress(1, 2, 0, 1, 1_000_000, 10, 20, 0);
            p.progress(progress);
            p.notice("hello");
            assertEquals(List.of(progress), inner.progress);
            assertEquals(List.of("hello"), inner.notices);
            assertEquals(Duration.ofMillis(250), p.intervalLength());
        }
    }

    @Test
    void anUnreachableClusterNeverHoldsUpTheWriterThreadAndIsToldOnce() throws Exception {
        String closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "127.0.0.1:" + s.getLocalPort();
        }
        Seen inner = new Seen();
        HistogramPublisher p = HistogramPublisher.start(new KafkaCluster(closed, Duration.ofSeconds(2)), "t.histograms",
                "w1", "http", inner);
        long slowest = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        int i = 0;
        while (p.failed() == 0 && System.nanoTime() < deadline) {
            long start = System.nanoTime();
            p.interval(interval(1, i++ % 3));
            slowest = Math.max(slowest, System.nanoTime() - start);
            Thread.sleep(50);
        }
        assertTrue(p.failed() > 0, "sends to a closed port fail within the Kafka timeout");
        for (int k = 0; k < 3; k++) {
            long start = System.nanoTime();
            p.interval(interval(1, k));
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        // a send on this thread would wait the whole Kafka timeout (2 s) for metadata; the margin is for a loaded machine
        assertTrue(slowest < 1_000_000_000L, "interval() took " + slowest / 1_000_000 + " ms");
        assertEquals(i + 3, inner.intervals.size(), "the run's own listener misses nothing");
        assertEquals(1, inner.notices.stream().filter(n -> n.startsWith("cannot publish latency histograms")).count(),
                inner.notices.toString());
        assertTrue(inner.notices.get(0).contains(closed), inner.notices.get(0));

        long start = System.nanoTime();
        p.close();
        assertTrue(System.nanoTime() - start < 8_000_000_000L, "close waits about twice the Kafka timeout at most");
        String last = inner.notices.get(inner.notices.size() - 1);
        assertTrue(last.contains("interval histograms not published to topic t.histograms"), last);
    }

    @Test
    void aBadKindOrEmptyWorkerIsRefusedAtStart() {
        for (List<String> args : List.of(List.of("w", "ftp"), List.of(" ", "http"))) {
            try {
                HistogramPublisher.start(kafka.bootstrap(), "x", args.get(0), args.get(1), RunListener.NONE).close();
                throw new AssertionError(args + " was taken");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains(args.get(0).isBlank() ? "worker id" : "ftp"));
            }
        }
    }
}
