package dev.bulkfetch.io.kafka;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The histograms topic written and read against a real broker on 127.0.0.1. */
class HistogramTopicTest {
    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    private static HistogramMessage message(String worker, String phase, long... values) {
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        for (long v : values) {
            h.recordValue(v);
        }
        return new HistogramMessage(worker, "http", phase, 1_000, 2_000, h);
    }

    @Test
    void aMalformedMessageIsSkippedAndCountedNotACrash() throws Exception {
        String topic = "garbage.histograms";
        kafka.createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.cluster().producer("test"))) {
            producer.send(HistogramCodec.record(topic, message("w1", "total", 5, 7))).get();
            // a well-labelled message whose value is junk, and one with no headers at all
            ProducerRecord<byte[], byte[]> junk = HistogramCodec.record(topic, message("w1", "connect", 3));
            producer.send(new ProducerRecord<>(topic, null, junk.key(), "not a histogram".getBytes(StandardCharsets.UTF_8),
                    junk.headers())).get();
            producer.send(new ProducerRecord<>(topic, "w2".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3})).get();
            ProducerRecord<byte[], byte[]> lying = HistogramCodec.record(topic, message("w1", "tls", 9));
            lying.headers().add(new RecordHeader(HistogramCodec.KIND_HEADER, "ftp".getBytes(StandardCharsets.UTF_8)));
            producer.send(lying).get();
            producer.send(HistogramCodec.record(topic, message("w1", "error", 11))).get();
        }
        List<HistogramMessage> read = new ArrayList<>();
        HistogramReadReport report = new HistogramTopicReader(kafka.cluster(), topic).read(read::add);
        assertEquals(2, report.messages());
        assertEquals(3, report.malformed());
        assertTrue(report.firstProblem().startsWith("partition 0 offset 1: its value is not HdrHistogram's"),
                report.firstProblem());
        assertEquals(List.of("total", "error"), read.stream().map(HistogramMessage::phase).toList());
        assertEquals(2, read.get(0).histogram().getTotalCount());
        assertEquals("total", read.get(0).histogram().getTag());
        assertEquals(1_000, read.get(0).histogram().getStartTimeStamp());
    }

    @Test
    void anEmptyTopicReadsAsNothingAndAMissingOneIsAClearError() {
        kafka.createTopic("empty.histograms", 3);
        assertEquals(new HistogramReadReport(0, 0, null),
                new HistogramTopicReader(kafka.cluster(), "empty.histograms").read(m -> { }));
        KafkaCluster quick = new KafkaCluster(kafka.bootstrap(), Duration.ofSeconds(2));
        KafkaUnavailableException e = assertThrows(KafkaUnavailableException.class,
                () -> new HistogramTopicReader(quick, "no-such.histograms").read(m -> { }));
        assertTrue(e.getMessage().contains("there is no such topic")
                || e.getMessage().contains("no answer within"), e.getMessage());
    }

    @Test
    void anUnreachableClusterIsAClearErrorWithinTheTimeout() throws IOException {
        String closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "127.0.0.1:" + s.getLocalPort();
        }
        long start = System.nanoTime();
        KafkaUnavailableException e = assertThrows(KafkaUnavailableException.class,
                () -> new HistogramTopicReader(new KafkaCluster(closed, Duration.ofSeconds(1)), "t").read(m -> { }));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        assertEquals("cannot read topic t at " + closed + ": no answer within 1s", e.getMessage().replaceFirst(" \\(.*", ""));
    }
}
