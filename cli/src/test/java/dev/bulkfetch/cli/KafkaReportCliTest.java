package dev.bulkfetch.cli;

import dev.bulkfetch.engine.RunListener;
import dev.bulkfetch.io.kafka.EmbeddedKafka;
import dev.bulkfetch.metrics.IntervalSnapshot;
import dev.bulkfetch.metrics.PhaseRecorder;
import dev.bulkfetch.worker.HistogramPublisher;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bulkfetch report --kafka} as a user runs it, on histograms two workers published to a real broker. */
class KafkaReportCliTest extends ConsoleCapture {
    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    private static final long T0 = 1_767_000_000_000L;

    /** Worker w publishes three 1 s intervals: 100 (w1) or 50 (w2) totals each, a connect phase, no errors. */
    private static void publish(String topic, int w) {
        try (HistogramPublisher p = HistogramPublisher.start(kafka.bootstrap(), topic, "w" + w, "http", RunListener.NONE)) {
            for (int i = 0; i < 3; i++) {
                long start = T0 + (w == 1 ? 0 : 300) + i * 1000L;
                Histogram total = PhaseRecorder.newHistogram();
                Histogram connect = PhaseRecorder.newHistogram();
                Histogram error = PhaseRecorder.newHistogram();
                for (int k = 0; k < (w == 1 ? 100 : 50); k++) {
                    total.recordValue(w * 1000L + k * 10);
                    connect.recordValue(100 + k);
                }
                total.setTag("total");
                connect.setTag("connect");
                error.setTag("error");
                p.interval(new IntervalSnapshot(start, start + 1000, List.of(connect, total, error)));
            }
        }
    }

    private static String closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void reportFromATopicShowsTheClusterAndEveryWorkerInEveryOutput(@TempDir Path dir) throws Exception {
        String topic = "results.histograms";
        kafka.createTopic(topic, 2);
        publish(topic, 1);
        publish(topic, 2);
        Map<String, Object> settings = Map.of("bootstrap.servers", kafka.bootstrap(),
                "key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer",
                "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        try (KafkaProducer<byte[], byte[]> junk = new KafkaProducer<>(settings)) {
            junk.send(new ProducerRecord<>(topic, "w3".getBytes(StandardCharsets.UTF_8),
                    "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }

        Path html = dir.resolve("cluster.html");
        Path hgrm = dir.resolve("hgrm");
        Path summary = dir.resolve("cluster.json");
        Path hlog = dir.resolve("cluster.hlog");
        assertEquals(0, Main.run("report", "--kafka", kafka.bootstrap(), "--topic", topic, "--html", html.toString(),
                "--hgrm", hgrm.toString(), "--summary", summary.toString(), "--hlog", hlog.toString()), err());

        String table = out();
        assertTrue(table.contains("cluster: 450 results in 3.30 s"), table);
        assertTrue(table.contains("worker w1: 300 results in 3.00 s"), table);
        assertTrue(table.contains("worker w2: 150 results in 3.00 s"), table);
        assertTrue(err().contains("bulkfetch: skipped 1 message of topic results.histograms: not an interval histogram"
                + " (first at partition "), err());
        for (String f : List.of("cluster-total.hgrm", "cluster-connect.hgrm", "worker_w1-total.hgrm", "worker_w2-total.hgrm")) {
            assertTrue(Files.exists(hgrm.resolve(f)), f);
        }
        assertFalse(Files.exists(hgrm.resolve("cluster-error.hgrm")), "empty phases get no file, as for a local run");
        String page = Files.readString(html);
        assertTrue(page.contains("data-run=\"2\"") && page.contains("worker w2"), "three runs overlaid");
        List<String> json = Files.readAllLines(summary);
        assertEquals(3, json.size());
        assertTrue(json.get(0).contains("\"results\":450,"), json.get(0));

        // the interval log holds the cluster: reported again, it gives the same table
        String clusterTable = table.substring(0, table.indexOf("worker w1:"));
        out.reset();
        assertEquals(0, Main.run("report", hlog.toString()), err());
        assertEquals(clusterTable.replaceFirst("^cluster:", ""), out().replaceFirst("^cluster:", ""));
    }

    @Test
    void anUnreachableClusterIsExitOneWithinTheKafkaTimeout() throws IOException {
        String closed = closedPort();
        long start = System.nanoTime();
        assertEquals(1, Main.run("report", "--kafka", closed, "--kafka-timeout", "1s", "--topic", "t.histograms"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5000, "took " + millis + " ms");
        String last = err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("bulkfetch: fatal: cannot read topic t.histograms at " + closed + ": no answer within 1s"),
                last);
    }

    @Test
    void badKafkaReportOptionsAreExitTwoBeforeAnyClientStarts(@TempDir Path dir) {
        String b = "127.0.0.1:9";
        List<List<String>> bad = List.of(
                List.of("report", "--kafka", b),
                List.of("report", "--topic", "t", dir.resolve("x.hlog").toString()),
                List.of("report", "--kafka", "localhost", "--topic", "t"),
                List.of("report", "--kafka", b, "--kafka-timeout", "0s", "--topic", "t"),
                List.of("report", "--kafka", b, "--topic", "t", "--hlog", dir.resolve("no/such/dir/c.hlog").toString()),
                List.of("report", "--hlog", dir.resolve("c.hlog").toString(), dir.resolve("x.hlog").toString()));
        for (List<String> args : bad) {
            long start = System.nanoTime();
            assertEquals(2, Main.run(args.toArray(String[]::new)), args + ": " + err());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, args + " waited for a cluster");
            String last = err().strip().lines().reduce((a, c) -> c).orElse("");
            assertFalse(last.contains("fatal"), last);
        }
    }

    @Test
    void aTopicWithoutHistogramsIsExitTwoSayingSo() {
        kafka.createTopic("empty.histograms", 1);
        assertEquals(2, Main.run("report", "--kafka", kafka.bootstrap(), "--topic", "empty.histograms"));
        assertTrue(err().contains("topic empty.histograms at " + kafka.bootstrap() + " holds no interval histograms"),
                err());
    }
}
