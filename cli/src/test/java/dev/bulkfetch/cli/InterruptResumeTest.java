package dev.bulkfetch.cli;

import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real CLI process interrupted mid-run by a signal, then finished with {@code --resume}: every input
 * ends up in the output exactly once, CANCELLED records replaced rather than duplicated.
 */
class InterruptResumeTest {
    private static final Pattern KEY = Pattern.compile("\"line\":(\\d+).*?\"name\":(null|\"[^\"]*\")");
    private static final Pattern LINE = Pattern.compile("\"line\":(\\d+)");

    /** Starts {@code bulkfetch ARGS} in its own JVM, with this test's classpath. */
    private static Process cli(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.bulkfetch.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .start();
    }

    private static void signal(Process p, String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor());
    }

    /** Waits until the run has written something, so the signal lands mid-run. */
    private static void awaitOutput(Path out, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(out) && Files.size(out) > 20_000)) {
            assertTrue(p.isAlive(), "the run ended before it could be interrupted");
            assertTrue(System.nanoTime() < deadline, "no output within 20 s");
            Thread.sleep(20);
        }
    }

    private static int exit(Process p, Path dir) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the interrupted run did not end");
        return p.exitValue();
    }

    @Test
    void sigintThenResumeGivesEveryAddressExactlyOnce(@TempDir Path dir) throws Exception {
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            Path out = dir.resolve("ptr.ndjson");
            String resolver = "127.0.0.1:" + testbed.port();
            Process p = cli(dir, "rdns", "--resolver", resolver, "--rate", "15000", "--grace", "200ms", "-o",
                    out.toString(), "198.18.0.0/16", "nonsense");
            awaitOutput(out, p);
            signal(p, "INT");
            assertEquals(130, exit(p, dir), Files.readString(dir.resolve("child.log")));
            List<String> first = Files.readAllLines(out);
            assertEquals(65_537, first.size(), "one record per input even when interrupted");
            long cancelled = first.stream().filter(l -> l.contains("\"CANCELLED\"")).count();
            assertTrue(cancelled > 1000 && cancelled < 65_000, "cancelled " + cancelled);

            assertEquals(0, Main.run("rdns", "--resolver", resolver, "--resume", "-o", out.toString(), "-q",
                    "198.18.0.0/16", "nonsense"));
            List<String> done = Files.readAllLines(out);
            assertEquals(65_537, done.size());
            assertTrue(done.stream().noneMatch(l -> l.contains("\"CANCELLED\"")));
            Set<String> keys = new HashSet<>();
            for (String l : done) {
                Matcher m = KEY.matcher(l);
                assertTrue(m.find(), l);
                assertTrue(keys.add(m.group(1) + " " + m.group(2)), "twice: " + l);
            }
        }
    }

    @Test
    void sigtermGivesInFlightFetchesTheirGraceAndExits143(@TempDir Path dir) throws Exception {
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build())) {
            Path urls = dir.resolve("urls.txt");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                text.append(server.baseUrl()).append(i % 100 == 99 ? "/delay/1500/10?" : "/bytes/100?").append(i)
                        .append('\n');
            }
            Files.writeString(urls, text);
            Path out = dir.resolve("out.ndjson");
            Process p = cli(dir, "http", "--rate", "500", "-c", "50", "--grace", "3s", "-o", out.toString(),
                    urls.toString());
            awaitOutput(out, p);
            signal(p, "TERM");
            assertEquals(143, exit(p, dir), Files.readString(dir.resolve("child.log")));
            List<String> first = Files.readAllLines(out);
            assertEquals(3000, first.size());
            long cancelled = first.stream().filter(l -> l.contains("\"CANCELLED\"")).count();
            long answered = first.stream().filter(l -> l.contains("\"status\":200")).count();
            assertEquals(3000, cancelled + answered, "only answers and CANCELLED");
            assertTrue(cancelled > 1000, "cancelled " + cancelled);

            // a second run without the flag would overwrite; --resume keeps what is done
            assertEquals(0, Main.run("http", "--resume", "-c", "100", "--per-host", "100", "-o", out.toString(), "-q",
                    urls.toString()));
            List<String> done = Files.readAllLines(out);
            assertEquals(3000, done.size());
            assertTrue(done.stream().noneMatch(l -> l.contains("\"CANCELLED\"")));
            Set<String> lines = new HashSet<>();
            for (String l : done) {
                Matcher m = LINE.matcher(l);
                assertTrue(m.find());
                assertTrue(lines.add(m.group(1)), "twice: " + l);
            }
        }
    }

    @Test
    void aSignalDeliveredTwiceAtOnceCountsOnce(@TempDir Path dir) throws Exception {
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            Path out = dir.resolve("ptr.ndjson");
            String resolver = "127.0.0.1:" + testbed.port();
            Process p = cli(dir, "rdns", "--resolver", resolver, "--rate", "5000", "--grace", "100ms", "-o",
                    out.toString(), "198.18.0.0/15");
            awaitOutput(out, p);
            // timeout(1) signals the child and its process group: the same stop arrives twice at once;
            // taken as a second request, it would stop reading the input (the core's CancelTest covers that)
            signal(p, "INT");
            signal(p, "INT");
            assertEquals(130, exit(p, dir), Files.readString(dir.resolve("child.log")));
            assertEquals(131_072, Files.readAllLines(out).size(), "input read to its end: every address has its record");

            assertEquals(0, Main.run("rdns", "--resolver", resolver, "--resume", "-o", out.toString(), "-q",
                    "198.18.0.0/15"));
            List<String> done = Files.readAllLines(out);
            assertEquals(131_072, done.size());
            assertEquals(131_072, done.stream().map(l -> {
                Matcher m = KEY.matcher(l);
                assertTrue(m.find(), l);
                return m.group(2);
            }).distinct().count());
        }
    }

    @Test
    void resumeNeedsAnNdjsonOutputFile(@TempDir Path dir) {
        assertEquals(2, Main.run("rdns", "--resolver", "127.0.0.1:9", "--resume", "198.18.0.1"));
        assertEquals(2, Main.run("rdns", "--resolver", "127.0.0.1:9", "--resume", "--format", "simple", "-o",
                dir.resolve("x.txt").toString(), "198.18.0.1"));
    }
}
