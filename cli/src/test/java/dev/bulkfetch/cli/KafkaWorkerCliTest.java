package dev.bulkfetch.cli;

import dev.bulkfetch.io.kafka.CollectLimits;
import dev.bulkfetch.io.kafka.EmbeddedKafka;
import dev.bulkfetch.io.kafka.KafkaCollector;
import dev.bulkfetch.io.kafka.KafkaUnavailableException;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedArrival;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bulkfetch worker} as people run it: child JVMs in one group on a real broker, against the
 * testbed; one of them killed with SIGKILL mid-run, the others stopped with SIGTERM.
 */
class KafkaWorkerCliTest extends ConsoleCapture {
    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    private static final Pattern LINE = Pattern.compile("^\\{\"line\":(\\d+),");
    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]*)\"");
    private static final Pattern PUBLISHED = Pattern.compile("worker published ([0-9,]+) record");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static DnsTestbed dns;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startTestbed() {
        dns = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build());
    }

    @AfterAll
    static void stopTestbed() {
        dns.close();
    }

    private static List<String> workerArgs(String kind, String group, String in, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("worker", "--kafka", kafka.bootstrap(), "--kafka-timeout", "30s", "--group", group,
                "--in", in, "--out", out, "--kind", kind, "--commit-interval", "200ms", "--session-timeout", "3s",
                "--transaction-timeout", "3s", "--resolver", "127.0.0.1:" + dns.address().getPort(), "--no-progress"));
        args.addAll(List.of(more));
        return args;
    }

    /** The committed records of the topic so far (none while the workers have not made it yet). */
    private static List<String> read(String topic) throws Exception {
        return read(topic, 0);
    }

    /** At most {@code limit} committed records (0: all), ending after 1 s without a new one. */
    private static List<String> read(String topic, long limit) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new KafkaCollector(kafka.cluster(), topic).collect(new CollectLimits(limit, Duration.ofSeconds(1)), out);
        } catch (KafkaUnavailableException e) {
            Thread.sleep(200);
            return List.of();
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The committed records once {@code expected} are there, read again after a pause so that extras would show. */
    private static List<String> awaitRecords(String topic, int expected, List<ChildCli.Running> workers) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> records = read(topic);
        while (records.size() < expected && System.nanoTime() < deadline) {
            records = read(topic);
        }
        Thread.sleep(1000);
        records = read(topic);
        assertTrue(records.size() >= expected, "expected " + expected + " records, got " + records.size() + "\n"
                + said(workers));
        return records;
    }

    /** What the workers wrote on stderr so far, for a failure message. */
    private static String said(List<ChildCli.Running> workers) {
        StringBuilder errs = new StringBuilder();
        for (ChildCli.Running w : workers) {
            try {
                errs.append(ChildCli.tail(w.err())).append("\n---\n");
            } catch (java.io.IOException e) {
                errs.append("(stderr unreadable: ").append(e.getMessage()).append(")\n---\n");
            }
        }
        return errs.toString();
    }

    private static void assertEachOnce(List<String> records, int expected, List<ChildCli.Running> workers) {
        Map<String, List<String>> seen = new HashMap<>();
        for (String r : records) {
            Matcher line = LINE.matcher(r);
            assertTrue(line.find(), r);
            Matcher name = NAME.matcher(r);
            seen.computeIfAbsent(line.group(1) + " " + (name.find() ? name.group(1) : r), k -> new ArrayList<>()).add(r);
        }
        List<String> twice = seen.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .limit(5).toList();
        // the copies' partition and offset, and what the workers said, tell which hand-over repeated them
        assertTrue(twice.isEmpty(), () -> "answered more than once: " + twice + "\n"
                + String.join("\n", seen.get(twice.get(0))) + "\n" + said(workers));
        assertEquals(expected, seen.size(), "every input answered");
    }

    private void submit(String topic, int partitions, String kind, Path file) {
        assertEquals(0, Main.run("submit", "--kafka", kafka.bootstrap(), "--topic", topic, "--kind", kind,
                "--create-topic", "--partitions", Integer.toString(partitions), file.toString()), err());
    }

    @Test
    void aWorkerKilledWithSigkillMidRunLosesAndRepeatsNothingAndTheOthersEndOnSigterm() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add("10." + (i / 256) + "." + (i % 256) + ".0/24");
        }
        for (int i = 0; i < 1000; i++) {
            lines.add("198.19." + (i / 256) + "." + (i % 256));
        }
        lines.add("not an address");
        Path file = dir.resolve("kill.txt");
        Files.write(file, lines);
        int expected = 300 * 256 + 1000 + 1;
        kafka.createTopic("kill-in", 6);

        ChildCli cli = new ChildCli(dir);
        List<ChildCli.Running> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(cli.start(List.of("-Xmx256m"), workerArgs("rdns", "kill", "kill-in", "kill-out", "-c", "200", "--rate", "3000",
                    "--worker-id", "w" + i)));
        }
        try {
            // every worker holds partitions before the first target: the one killed has committed work of its own
            kafka.awaitGroup("kill", 3, PATIENCE);
            submit("kill-in", 6, "rdns", file);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (read("kill-out", expected / 5).size() < expected / 5 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            workers.get(0).kill();

            assertEachOnce(awaitRecords("kill-out", expected, workers), expected, workers);
            long bySurvivors = 0;
            for (ChildCli.Running w : workers.subList(1, 3)) {
                assertEquals(143, w.terminate(Duration.ofSeconds(30)), w.err());
                Matcher m = PUBLISHED.matcher(w.err());
                assertTrue(m.find(), w.err());
                bySurvivors += Long.parseLong(m.group(1).replace(",", ""));
            }
            assertTrue(bySurvivors < expected, "the killed worker's committed records stay: " + bySurvivors);
            assertTrue(bySurvivors > expected / 2, "the survivors did the rest: " + bySurvivors);
        } finally {
            for (ChildCli.Running w : workers) {
                w.kill();
            }
        }
    }

    @Test
    void politenessHoldsAcrossWorkersBecauseEveryUrlOfAHostGoesToOneOfThem() throws Exception {
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build())) {
            kafka.createTopic("polite-in", 4);
            ChildCli cli = new ChildCli(dir);
            List<ChildCli.Running> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                workers.add(cli.start(List.of("-Xmx256m"), workerArgs("http", "polite", "polite-in", "polite-out",
                        "--host-delay", "150ms", "--worker-id", "p" + i)));
            }
            try {
                Thread.sleep(4000); // both in the group before the first URL: no rebalance while fetching
                List<String> urls = new ArrayList<>();
                for (int path = 0; path < 8; path++) {
                    for (int host = 0; host < 12; host++) {
                        urls.add("http://h" + host + ".bulkfetch.test:" + server.port() + "/bytes/" + (100 + path));
                    }
                }
                Path file = dir.resolve("polite.txt");
                Files.write(file, urls);
                submit("polite-in", 4, "http", file);
                List<String> records = awaitRecords("polite-out", urls.size(), workers);
                assertEquals(urls.size(), records.size());
                assertTrue(records.stream().allMatch(r -> r.contains("\"status\":200")), records.get(0));

                Map<String, List<HttpTestbedArrival>> byHost = new HashMap<>();
                for (HttpTestbedArrival a : server.arrivals()) {
                    byHost.computeIfAbsent(a.host(), h -> new ArrayList<>()).add(a);
                }
                assertEquals(12, byHost.size(), byHost.keySet().toString());
                for (Map.Entry<String, List<HttpTestbedArrival>> e : byHost.entrySet()) {
                    List<HttpTestbedArrival> as = e.getValue();
                    for (int i = 1; i < as.size(); i++) {
                        double gap = (as.get(i).nanoTime() - as.get(i - 1).nanoTime()) / 1e6;
                        assertTrue(gap >= 145, e.getKey() + ": two requests " + gap + " ms apart");
                    }
                }
                for (ChildCli.Running w : workers) {
                    assertEquals(143, w.terminate(Duration.ofSeconds(30)), w.err());
                }
                // the workers' latency intervals, merged: every fetch counted once, per worker and for the cluster
                assertEquals(0, Main.run("report", "--kafka", kafka.bootstrap(), "--topic", "polite-out.histograms"),
                        err());
                String table = out() + err();
                assertTrue(table.contains("cluster: " + urls.size() + " results"), table);
                assertTrue(table.contains("worker p0: ") && table.contains("worker p1: "), table);
            } finally {
                for (ChildCli.Running w : workers) {
                    w.kill();
                }
            }
        }
    }

    @Test
    void aWorkerOnAnUnreachableClusterIsExitOneWithinTheKafkaTimeout() throws Exception {
        String closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "127.0.0.1:" + s.getLocalPort();
        }
        long start = System.nanoTime();
        assertEquals(1, Main.run("worker", "--kafka", closed, "--kafka-timeout", "1s", "--group", "g", "--in", "a",
                "--out", "b", "--kind", "rdns", "--resolver", "127.0.0.1:9"), err());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
        assertTrue(err().contains(closed), err());
    }

    @Test
    void aWorkerRefusesLocalInputsAndUnknownOptionsAsUsageErrors() {
        assertEquals(2, Main.run("worker", "--kafka", "127.0.0.1:9", "--group", "g", "--in", "a", "--out", "b",
                "--kind", "rdns", "--resolver", "127.0.0.1:9", "10.0.0.0/24"));
        assertTrue(err().contains("reads its targets from --in"), err());
        assertEquals(2, Main.run("worker", "--kafka", "127.0.0.1:9", "--group", "g", "--in", "a", "--out", "b",
                "--bogus-option"));
        assertTrue(err().contains("--bogus-option"), err());
        assertEquals(2, Main.run("worker", "--kafka", "127.0.0.1:9", "--group", "g", "--in", "a", "--out", "a"));
        assertTrue(err().contains("must differ"), err());
        assertEquals(2, Main.run("worker", "--kafka", "127.0.0.1:9", "--group", "g", "--in", "a", "--out", "b",
                "--kind", "ftp"));
        assertTrue(err().contains("--kind"), err());
    }
}
