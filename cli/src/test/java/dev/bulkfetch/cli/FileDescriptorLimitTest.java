package dev.bulkfetch.cli;

import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ulimit -n 256} and {@code -c 2000}: far more connections wanted than descriptors allowed. The run must
 * throttle and complete, every target fetched, rather than record EMFILE for thousands of them.
 */
class FileDescriptorLimitTest {
    /** A shell that lowers the soft descriptor limit, then becomes the JVM. */
    private static final String ULIMIT_256 = "ulimit -n 256 && exec \"$0\" \"$@\"";

    @BeforeAll
    static void needsBashWithUlimit() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "ulimit -n 256").redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0,
                "bash cannot set ulimit -n 256 here: test skipped");
    }

    @Test
    void httpWithTwoThousandInFlightUnder256DescriptorsThrottlesAndFetchesEveryUrl(@TempDir Path dir) throws Exception {
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().eventLoopThreads(2).build())) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                urls.add(server.baseUrl() + "/delay/50/" + (i % 100));
            }
            Path input = Files.write(dir.resolve("urls.txt"), urls);
            Path output = dir.resolve("out.ndjson");
            ChildCli.Result r = new ChildCli(dir).run(ULIMIT_256, List.of(),
                    List.of("http", "-c", "2000", "--per-host", "2000", "--resolver", "127.0.0.1:9",
                            "-o", output.toString(), input.toString()),
                    Duration.ofSeconds(90));

            System.out.printf("ulimit -n 256, http -c 2000: exit %d, %d records in %d ms; %s%n", r.exit(),
                    Files.readAllLines(output).size(), r.millis(), r.stderr().lines().findFirst().orElse(""));
            assertEquals(0, r.exit(), ChildCli.tail(r.stderr()));
            List<String> lines = Files.readAllLines(output);
            assertEquals(3_000, lines.size());
            for (String line : lines) {
                assertTrue(line.contains("\"status\":200") && line.endsWith("\"error\":null}"), line);
            }
            // the limit was really hit, said once, and cost no target
            assertTrue(r.stderr().contains("out of file descriptors"), ChildCli.tail(r.stderr()));
            assertEquals(1, r.stderr().lines().filter(l -> l.contains("out of file descriptors")).count());
            assertFalse(r.stderr().contains("Exception"), ChildCli.tail(r.stderr()));
            assertTrue(server.maxOpenConnections() < 256, "peak " + server.maxOpenConnections());
        }
    }

    @Test
    void rdnsWithTwoThousandInFlightUnder256DescriptorsNeedsNoMore(@TempDir Path dir) throws Exception {
        // the DNS engine's sockets are opened once, before the first query: 2,000 in flight need no descriptor more
        try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            Path output = dir.resolve("out.ndjson");
            ChildCli.Result r = new ChildCli(dir).run(ULIMIT_256, List.of(),
                    List.of("rdns", "-c", "2000", "--resolver", "127.0.0.1:" + dns.port(), "-o", output.toString(),
                            "198.18.0.0/20"),
                    Duration.ofSeconds(90));

            System.out.printf("ulimit -n 256, rdns -c 2000: exit %d, %d records in %d ms%n", r.exit(),
                    Files.readAllLines(output).size(), r.millis());
            assertEquals(0, r.exit(), ChildCli.tail(r.stderr()));
            List<String> lines = Files.readAllLines(output);
            assertEquals(4_096, lines.size());
            assertTrue(lines.stream().allMatch(l -> l.contains("\"rcode\":\"NOERROR\"") && l.endsWith("\"error\":null}")),
                    lines.stream().filter(l -> !l.endsWith("\"error\":null}")).findFirst().orElse(""));
        }
    }
}
