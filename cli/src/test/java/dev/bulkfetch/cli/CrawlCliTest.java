package dev.bulkfetch.cli;

import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The crawl options end to end: what the records say, and bad values refused with exit 2. */
class CrawlCliTest extends ConsoleCapture {

    @Test
    void robotsAndRetriesShowInTheRecords(@TempDir Path dir) throws Exception {
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build());
             DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            String site = "http://site.bulkfetch.test:" + server.port();
            Path input = Files.write(dir.resolve("urls.txt"), List.of(
                    site + "/page/1", site + "/private/2", site + "/fail-first/1/503/3"));
            Path output = dir.resolve("out.ndjson");
            int status = Main.run("http", "--resolver", "127.0.0.1:" + dns.port(), "-o", output.toString(), "-q",
                    "--robots", "--retries", "2", "--retry-delay", "10ms", "--host-delay", "20ms", input.toString());
            assertEquals(0, status, err());
            List<String> records = Files.readAllLines(output);
            assertEquals(3, records.size());
            String page = records.stream().filter(r -> r.contains("\"line\":1,")).findFirst().orElseThrow();
            String denied = records.stream().filter(r -> r.contains("\"line\":2,")).findFirst().orElseThrow();
            String retried = records.stream().filter(r -> r.contains("\"line\":3,")).findFirst().orElseThrow();
            assertTrue(page.contains("\"status\":200") && page.contains("\"tries\":1,\"retried\":[]"), page);
            assertTrue(denied.contains("\"kind\":\"ROBOTS_DISALLOWED\"") && denied.contains("\"tries\":0"), denied);
            assertTrue(retried.contains("\"status\":200") && retried.contains("\"tries\":2")
                    && retried.contains("\"retried\":[{\"status\":503,\"error\":null,\"wait_ms\":"), retried);
        }
    }

    @Test
    void badCrawlOptionsAreUsageErrors() {
        String[][] bad = {
            {"--per-ip", "-1"}, {"--host-delay", "-5ms"}, {"--lookahead", "0"}, {"--retries", "1000"},
            {"--host-delay", "2m", "--max-host-delay", "1m"}, {"--retry-delay", "soon"}
        };
        for (String[] options : bad) {
            String[] args = new String[options.length + 4];
            args[0] = "http";
            System.arraycopy(options, 0, args, 1, options.length);
            args[options.length + 1] = "--resolver";
            args[options.length + 2] = "127.0.0.1:9";
            args[options.length + 3] = "http://127.0.0.1:9/";
            assertEquals(2, Main.run(args), String.join(" ", options) + ": " + err());
        }
        assertFalse(err().contains("Exception"), err());
    }
}
