package dev.bulkfetch.io.kafka;

import dev.bulkfetch.dns.CidrRange;
import dev.bulkfetch.io.InputLine;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Submit and collect against a real one-node broker on 127.0.0.1. */
class KafkaSubmitCollectTest {
    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    private static final List<String> THREE = List.of("{\"line\":1}", "{\"line\":2}", "{\"line\":3}");

    private static SubmitMessages lines(SubmitKind kind, List<String> texts) {
        List<InputLine> in = new ArrayList<>();
        for (String t : texts) {
            in.add(new InputLine(in.size() + 1, t, null));
        }
        return new SubmitMessages(in.iterator(), kind, SubmitMessages.DEFAULT_BLOCK_PREFIX);
    }

    /** Every record of a topic, read_committed, as (partition, value). */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.cluster().committedReader("test"))) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    /** A topic of two partitions holding three records, {@link #THREE}. */
    private static void submitThreeRecords(String topic) {
        kafka.createTopic(topic, 2);
        new KafkaSubmitter(kafka.cluster(), topic).submit(lines(SubmitKind.DNS, THREE));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void everyUrlOfAHostLandsInOnePartitionAndHostsSpreadOverAllPartitions() {
        kafka.createTopic("urls", 8);
        List<String> urls = new ArrayList<>();
        for (int path = 0; path < 5; path++) {
            for (int host = 0; host < 200; host++) {
                urls.add("http://host-" + host + ".bulkfetch.test:8080/page/" + path);
            }
        }
        SubmitReport report = new KafkaSubmitter(kafka.cluster(), "urls").submit(lines(SubmitKind.HTTP, urls));
        assertEquals(1000, report.messages());
        assertEquals(1000, report.lines());
        assertEquals(8, report.perPartition().size(), "200 hosts reach all 8 partitions: " + report.perPartition());

        Map<String, Set<Integer>> partitionsOfHost = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read("urls", 1000)) {
            String host = text(r.value()).replaceAll("^http://([^/]+)/.*$", "$1");
            partitionsOfHost.computeIfAbsent(host, h -> new HashSet<>()).add(r.partition());
            assertEquals(text(r.value()), urls.get(Integer.parseInt(text(r.headers().lastHeader(KafkaSubmitter.LINE_HEADER).value())) - 1));
        }
        assertEquals(200, partitionsOfHost.size());
        partitionsOfHost.forEach((host, parts) -> assertEquals(1, parts.size(), host + " in " + parts));
    }

    @Test
    void aSlash12IsSubmittedAs256BlockMessagesThatCoverTheRange() {
        kafka.createTopic("ranges", 4);
        SubmitReport report = new KafkaSubmitter(kafka.cluster(), "ranges")
                .submit(lines(SubmitKind.RDNS, List.of("198.16.0.0/12", "198.51.100.0/24")));
        assertEquals(257, report.messages());
        assertEquals(2, report.lines());
        assertEquals(257, report.perPartition().values().stream().mapToLong(Long::longValue).sum());
        Set<String> blocks = new TreeSet<>();
        BigInteger addresses = BigInteger.ZERO;
        for (ConsumerRecord<byte[], byte[]> r : read("ranges", 257)) {
            blocks.add(text(r.value()));
            addresses = addresses.add(CidrRange.parse(text(r.value())).size());
        }
        assertEquals(257, blocks.size(), "no block twice");
        assertTrue(blocks.contains("198.51.100.0/24"));
        assertEquals(BigInteger.ONE.shiftLeft(20).add(BigInteger.valueOf(256)), addresses);
    }

    @Test
    void createTopicMakesTheTopicWithItsPartitionsAndLeavesAnExistingOneAlone() {
        try (KafkaTopics topics = new KafkaTopics(kafka.cluster())) {
            assertTrue(topics.create("created", 3));
            assertEquals(3, topics.awaitLeaders("created"));
            assertFalse(topics.create("created", 5));
            assertEquals(3, topics.awaitLeaders("created"));
        }
    }

    @Test
    void collectEndsAfterTheExpectedNumberOfRecords() throws IOException {
        submitThreeRecords("results-expect");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = new KafkaCollector(kafka.cluster(), "results-expect").collect(new CollectLimits(2, null), out);
        assertEquals(2, n);
        assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void collectEndsWhenNoNewRecordHasComeForTheIdleTime() throws IOException {
        submitThreeRecords("results-idle");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        long n = new KafkaCollector(kafka.cluster(), "results-idle").collect(new CollectLimits(0, Duration.ofSeconds(2)), out);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, n);
        assertEquals(new HashSet<>(THREE), new HashSet<>(out.toString(StandardCharsets.UTF_8).lines().toList()));
        assertTrue(millis >= 2000 && millis < 20_000, "ended " + millis + " ms after start");
    }

    @Test
    void collectSeesOnlyRecordsOfCommittedTransactions() throws IOException {
        kafka.createTopic("results-tx", 1);
        Properties p = kafka.cluster().producer("test-tx");
        p.put("transactional.id", "test-tx");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("results-tx", "committed".getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("results-tx", "aborted".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            producer.abortTransaction();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = new KafkaCollector(kafka.cluster(), "results-tx").collect(new CollectLimits(0, Duration.ofSeconds(2)), out);
        assertEquals(1, n);
        assertEquals("committed\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void collectOfAMissingTopicSaysSo() {
        KafkaUnavailableException e = assertThrows(KafkaUnavailableException.class, () -> new KafkaCollector(
                kafka.cluster(), "no-such-topic").collect(new CollectLimits(1, null), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("no such topic"), e.getMessage());
    }

    @Test
    void anUnreachableClusterFailsWithinTheKafkaTimeout() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        KafkaCluster nowhere = new KafkaCluster("127.0.0.1:" + closed, Duration.ofMillis(1500));
        long start = System.nanoTime();
        KafkaUnavailableException submit = assertThrows(KafkaUnavailableException.class,
                () -> new KafkaSubmitter(nowhere, "t").submit(lines(SubmitKind.DNS, List.of("x.bulkfetch.test"))));
        assertTrue(submit.getMessage().startsWith("cannot submit to topic t at 127.0.0.1:" + closed + ": no answer within 1500ms"),
                submit.getMessage());
        KafkaUnavailableException collect = assertThrows(KafkaUnavailableException.class,
                () -> new KafkaCollector(nowhere, "t").collect(new CollectLimits(1, null), new ByteArrayOutputStream()));
        assertTrue(collect.getMessage().contains("no answer within 1500ms"), collect.getMessage());
        KafkaUnavailableException create = assertThrows(KafkaUnavailableException.class, () -> {
            try (KafkaTopics topics = new KafkaTopics(nowhere)) {
                topics.create("t", 1);
            }
        });
        assertTrue(create.getMessage().contains("no answer within 1500ms"), create.getMessage());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3 * 1500 + 3000, "three waits of 1.5 s took " + millis + " ms");
    }

    @Test
    void aBootstrapListThatIsNotHostPortIsRefusedBeforeAnyClientStarts() {
        for (String bad : List.of("", "localhost", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:70000", ":9092",
                "127.0.0.1:9092,", "127.0.0.1:x")) {
            assertThrows(IllegalArgumentException.class, () -> new KafkaCluster(bad, Duration.ofSeconds(1)), bad);
        }
        new KafkaCluster("127.0.0.1:9092,[::1]:9093,kafka.example:9094", Duration.ofSeconds(1));
    }
}
