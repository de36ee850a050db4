package dev.bulkfetch.cli;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thousand targets against every hostile server at once, in a child JVM with a 256 MiB heap: the run must
 * complete (exit 0) with exactly one record per target, each a success or a named error, and never run out of
 * memory. Gzip bombs, endless and trickling bodies, megabyte heads, lying framing, replies out of turn and
 * servers that stop reading all hold connections and buffers at the same time.
 */
class HostileRunMemoryTest {
    /** Every hostile path of the testbed, and two honest ones. */
    static final List<String> HOSTILE_PATHS = List.of(
            "/gzip-bomb/1073741824", "/endless-chunked", "/trickle/268435456/1000", "/huge-headers/1048576",
            "/many-headers/100000", "/bad-chunk-size/0", "/bad-chunk-size/1", "/bad-chunk-size/2", "/bad-chunk-size/3",
            "/negative-length", "/overflow-length", "/length-and-chunked/100000", "/conflicting-length/1/100000",
            "/reply-ahead/1000", "/no-read/60000", "/hang", "/reset/100000", "/close/100000", "/delay/5000/10",
            "/interim/10", "/bytes/100000");
    private static final Pattern KIND = Pattern.compile("\"error\":\\{\"kind\":\"([A-Z_]+)\"");
    private static final int TARGETS = 1_000;
    private static final String HEAP = "-Xmx256m";

    @Test
    void thousandHttpTargetsAgainstEveryHostileServerStayUnderA256MiBHeap(@TempDir Path dir) throws Exception {
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().eventLoopThreads(2).build())) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < TARGETS; i++) {
                urls.add(server.baseUrl() + HOSTILE_PATHS.get(i % HOSTILE_PATHS.size()));
            }
            Path input = Files.write(dir.resolve("urls.txt"), urls);
            Path output = dir.resolve("out.ndjson");
            ChildCli.Result r = new ChildCli(dir).run(null, List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
                    List.of("http", "-c", "1000", "--per-host", "1000", "--timeout", "3s", "--first-byte-timeout", "2s",
                            "--read-timeout", "1s", "--max-body", "1MiB", "--resolver", "127.0.0.1:9", "-o", output.toString(),
                            input.toString()),
                    Duration.ofSeconds(60));

            Map<String, Integer> outcomes = assertOneNamedRecordPerTarget(r, output);
            System.out.printf("hostile http run: exit %d, %d records in %d ms, peak RSS %,d KiB, outcomes %s%n",
                    r.exit(), TARGETS, r.millis(), r.peakRssKb(), outcomes);
            // only /interim, /bytes and /reply-ahead can succeed; which error each hostile path gets depends on how
            // loaded the machine is (a starved testbed turns lies into timeouts), so only the promise is asserted
            assertTrue(outcomes.getOrDefault("ok", 0) <= 3 * TARGETS / HOSTILE_PATHS.size(), outcomes.toString());
        }
    }

    @Test
    void thousandPtrLookupsAgainstAHostileResolverStayUnderA256MiBHeap(@TempDir Path dir) throws Exception {
        try (HostileResolver resolver = new HostileResolver()) {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < TARGETS; i++) {
                addresses.add("198.18." + (i / 256) + "." + (i % 256));
            }
            Path input = Files.write(dir.resolve("ips.txt"), addresses);
            Path output = dir.resolve("out.ndjson");
            ChildCli.Result r = new ChildCli(dir).run(null, List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
                    List.of("rdns", "-c", "1000", "--timeout", "250ms", "--retries", "1", "--resolver",
                            "127.0.0.1:" + resolver.port(), "-o", output.toString(), input.toString()),
                    Duration.ofSeconds(60));

            Map<String, Integer> outcomes = assertOneNamedRecordPerTarget(r, output);
            System.out.printf("hostile rdns run: exit %d, %d records in %d ms, peak RSS %,d KiB, outcomes %s%n",
                    r.exit(), TARGETS, r.millis(), r.peakRssKb(), outcomes);
            assertEquals(List.of("DNS_TIMEOUT", "ok"), List.copyOf(outcomes.keySet()), outcomes.toString());
            List<String> lines = Files.readAllLines(output);
            for (String line : lines) {
                if (line.contains("\"error\":null")) {
                    assertTrue(line.contains("\"answers\":[\"" + HostileResolver.PTR + "\"]"), "never a forged answer: " + line);
                }
            }
            // all but two fates in 25 end with the genuine answer, which a loaded machine may still lose to overflow
            assertTrue(outcomes.get("ok") > TARGETS / 2, outcomes.toString());
        }
    }

    /** Exit 0, no OutOfMemoryError, one record per input line, each a success or a named kind other than INTERNAL. */
    static Map<String, Integer> assertOneNamedRecordPerTarget(ChildCli.Result r, Path output) throws Exception {
        assertFalse(r.stderr().contains("OutOfMemoryError"), ChildCli.tail(r.stderr()));
        assertEquals(0, r.exit(), ChildCli.tail(r.stderr()));
        List<String> lines = Files.readAllLines(output);
        assertEquals(TARGETS, lines.size());
        Map<String, Integer> outcomes = new TreeMap<>();
        boolean[] seen = new boolean[TARGETS + 1];
        for (String line : lines) {
            Matcher number = Pattern.compile("^\\{\"line\":(\\d+),").matcher(line);
            assertTrue(number.find(), line);
            int n = Integer.parseInt(number.group(1));
            assertFalse(seen[n], "line " + n + " twice");
            seen[n] = true;
            Matcher kind = KIND.matcher(line);
            String outcome;
            if (kind.find()) {
                outcome = ErrorKind.valueOf(kind.group(1)).name();
                assertNotEquals(ErrorKind.INTERNAL.name(), outcome, line);
            } else {
                assertTrue(line.endsWith("\"error\":null}"), line);
                outcome = "ok";
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        return outcomes;
    }
}
