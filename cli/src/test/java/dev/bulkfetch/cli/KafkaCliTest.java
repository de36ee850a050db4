package dev.bulkfetch.cli;

import dev.bulkfetch.io.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bulkfetch submit} and {@code collect} as a user runs them, against a real broker on 127.0.0.1. */
class KafkaCliTest extends ConsoleCapture {
    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    private static long partitionSum(String err) {
        Matcher m = Pattern.compile("(?m)^  partition \\d+: (\\d+)$").matcher(err);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    @Test
    void submitWithCreateTopicCutsARangeIntoBlocksAndPrintsTheMessagesOfEachPartition() {
        assertEquals(0, Main.run("submit", "--kafka", kafka.bootstrap(), "--topic", "cli-ranges", "--kind", "rdns",
                "--create-topic", "--partitions", "4", "198.16.0.0/12"), err());
        assertTrue(err().contains("created topic cli-ranges with 4 partitions"), err());
        assertTrue(err().contains("submitted 256 messages from 1 line to topic cli-ranges"), err());
        assertEquals(256, partitionSum(err()), err());
    }

    @Test
    void whatIsSubmittedIsCollectedLineForLineIntoTheOutputFile(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("urls.txt");
        Files.write(in, List.of("http://a.bulkfetch.test/1", "# a comment", "", "http://b.bulkfetch.test/2", "not a url"));
        assertEquals(0, Main.run("submit", "--kafka", kafka.bootstrap(), "--topic", "cli-urls", "--create-topic",
                "--partitions", "2", in.toString()), err());
        assertTrue(err().contains("submitted 3 messages from 3 lines to topic cli-urls (2 blank or comment lines skipped)"), err());

        Path out = dir.resolve("out.ndjson");
        assertEquals(0, Main.run("collect", "--kafka", kafka.bootstrap(), "--topic", "cli-urls", "--expect", "3",
                "-o", out.toString()), err());
        assertEquals(List.of("http://a.bulkfetch.test/1", "http://b.bulkfetch.test/2", "not a url"),
                Files.readAllLines(out).stream().sorted().toList());
        assertTrue(err().contains("collected 3 records from topic cli-urls"), err());

        long start = System.nanoTime();
        assertEquals(0, Main.run("collect", "--kafka", kafka.bootstrap(), "--topic", "cli-urls", "--until-idle", "1s"));
        assertEquals(3, out().lines().count(), out());
        assertTrue(System.nanoTime() - start < 15_000_000_000L);
    }

    @Test
    void anUnreachableClusterIsExitOneWithinTheKafkaTimeout() throws IOException {
        String closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "127.0.0.1:" + s.getLocalPort();
        }
        for (List<String> args : List.of(
                List.of("submit", "--kafka", closed, "--kafka-timeout", "1s", "--topic", "t", "http://127.0.0.1:9/"),
                List.of("submit", "--kafka", closed, "--kafka-timeout", "1s", "--topic", "t", "--create-topic",
                        "--partitions", "2", "http://127.0.0.1:9/"),
                List.of("collect", "--kafka", closed, "--kafka-timeout", "1s", "--topic", "t"))) {
            long start = System.nanoTime();
            assertEquals(1, Main.run(args.toArray(String[]::new)), args.toString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5000, args + " took " + millis + " ms");
            String last = err().strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("bulkfetch: fatal: cannot ") && last.contains(" at " + closed + ": no answer within 1s"),
                    last);
        }
    }

    @Test
    void badOptionsAreExitTwoBeforeAnyClientStarts(@TempDir Path dir) {
        String b = "127.0.0.1:9";
        List<List<String>> bad = List.of(
                List.of("submit", "--topic", "t", "x"),
                List.of("submit", "--kafka", b, "x"),
                List.of("submit", "--kafka", "localhost", "--topic", "t", "x"),
                List.of("submit", "--kafka", b, "--kafka-timeout", "0s", "--topic", "t", "x"),
                List.of("submit", "--kafka", b, "--topic", "t", "--kind", "ftp", "x"),
                List.of("submit", "--kafka", b, "--topic", "t", "--block", "/33", "x"),
                List.of("submit", "--kafka", b, "--topic", "t", "--create-topic", "x"),
                List.of("submit", "--kafka", b, "--topic", "t", "--partitions", "3", "x"),
                List.of("submit", "--kafka", b, "--topic", "t", "missing-file.txt"),
                List.of("collect", "--kafka", b),
                List.of("collect", "--kafka", b, "--topic", "t", "--format", "massdns"),
                List.of("collect", "--kafka", b, "--topic", "t", "--expect", "0"),
                List.of("collect", "--kafka", b, "--topic", "t", "--until-idle", "soon"),
                List.of("collect", "--kafka", b, "--topic", "t", "-o", dir.resolve("no/such/dir/out").toString()));
        for (List<String> args : bad) {
            long start = System.nanoTime();
            assertEquals(2, Main.run(args.toArray(String[]::new)), args + ": " + err());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, args + " waited for a cluster");
            String last = err().strip().lines().reduce((a, c) -> c).orElse("");
            assertFalse(last.contains("fatal"), last);
        }
    }
}
