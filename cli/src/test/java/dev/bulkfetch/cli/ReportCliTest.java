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

/** Latency report outputs of real runs, and {@code bulkfetch report} rebuilding them from the logs. */
class ReportCliTest extends ConsoleCapture {
    @Test
    void httpRunWritesEveryReportAndReportRebuildsThem(@TempDir Path dir) throws Exception {
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build())) {
            StringBuilder urls = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                urls.append(server.baseUrl()).append(i % 10 == 0 ? "/status/404" : "/bytes/1000").append('\n');
            }
            urls.append("http://127.0.0.1:9/closed\n");
            Path input = dir.resolve("urls.txt");
            Files.writeString(input, urls);
            Path hlog = dir.resolve("run.hlog");
            Path html = dir.resolve("run.html");
            Path summary = dir.resolve("summary.json");
            Path hgrm = dir.resolve("hgrm");
            int status = Main.run("http", "--resolver", "127.0.0.1:9", "-o", dir.resolve("out.ndjson").toString(),
                    "--rate", "1000", "--interval", "100ms", "--hlog", hlog.toString(), "--report", html.toString(),
                    "--summary", summary.toString(), "--hgrm", hgrm.toString(), input.toString());
            assertEquals(0, status, err());

            // the stderr table: a row per phase with values, the service time of the constant rate among them
            assertTrue(err().contains("p99.99"), err());
            assertTrue(err().lines().anyMatch(l -> l.startsWith("  total-4xx ")), err());
            assertTrue(err().lines().anyMatch(l -> l.startsWith("  service ")), err());
            assertTrue(err().contains("rate: asked 1,000/s"), err());

            String json = Files.readString(summary);
            assertTrue(json.contains("\"results\":301,"), json);
            assertTrue(json.contains("\"outcomes\":{\"2xx\":270,\"4xx\":30}"), json);
            assertTrue(json.contains("\"errorKinds\":{\"CONNECT_REFUSED\":1}"), json);
            assertTrue(json.contains("\"--rate\":\"1000.0\""), json);
            assertTrue(Files.exists(hgrm.resolve("total.hgrm")) && Files.exists(hgrm.resolve("service.hgrm")));
            assertTrue(Files.readString(html).contains("percentile-plot"));

            Path again = dir.resolve("again.html");
            Path againJson = dir.resolve("again.json");
            assertEquals(0, Main.run("report", hlog.toString(), "--html", again.toString(), "--summary",
                    againJson.toString()), err());
            assertTrue(out().contains("bulkfetch http: 301 results"), out());
            String rebuilt = Files.readString(againJson);
            for (String part : List.of("\"results\":301,", "\"outcomes\":{\"2xx\":270,\"4xx\":30}",
                    "\"errorKinds\":{\"CONNECT_REFUSED\":1}", "\"capReached\":")) {
                assertTrue(rebuilt.contains(part), part + " in " + rebuilt);
            }
            // the percentiles come from the same histograms
            String phases = json.substring(json.indexOf("\"phases\""), json.indexOf("\"settings\""));
            String rebuiltPhases = rebuilt.substring(rebuilt.indexOf("\"phases\""), rebuilt.indexOf("\"settings\""));
            assertEquals(phases, rebuiltPhases);
            assertTrue(Files.readString(again).contains("data-phase=\"total\""));
        }
    }

    @Test
    void reportOverlaysSeveralRunsAndHonoursATimeRange(@TempDir Path dir) throws Exception {
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            Path a = dir.resolve("a.hlog");
            Path b = dir.resolve("b.hlog");
            for (Path log : List.of(a, b)) {
                assertEquals(0, Main.run("rdns", "--resolver", "127.0.0.1:" + testbed.port(), "-o",
                        dir.resolve("out.txt").toString(), "--rate", "2000", "--interval", "100ms", "--hlog",
                        log.toString(), "198.18.0.0/22"), err());
            }
            Path html = dir.resolve("both.html");
            assertEquals(0, Main.run("report", a.toString(), b.toString(), "--html", html.toString(), "--hgrm",
                    dir.resolve("hgrm").toString()), err());
            String page = Files.readString(html);
            assertTrue(page.contains("data-run=\"1\""), "second run overlaid");
            for (String f : List.of("a-rtt.hgrm", "a-total.hgrm", "b-rtt.hgrm", "b-service.hgrm")) {
                assertTrue(Files.exists(dir.resolve("hgrm").resolve(f)), f);
            }

            out.reset();
            assertEquals(0, Main.run("report", a.toString(), "--start", "0.2", "--end", "1s"), err());
            String table = out();
            long counted = Long.parseLong(table.lines().filter(l -> l.startsWith("  total "))
                    .findFirst().orElseThrow().trim().split("\\s+")[1].replace(",", ""));
            assertTrue(counted > 0 && counted < 1024, table);
        }
    }

    @Test
    void badReportArgumentsAreClearMessages(@TempDir Path dir) throws Exception {
        assertEquals(2, Main.run("report"));
        assertEquals(2, Main.run("report", dir.resolve("missing.hlog").toString()));
        assertTrue(err().contains("missing.hlog"), err());
        Path junk = dir.resolve("junk.hlog");
        Files.writeString(junk, "not a log\n");
        assertEquals(2, Main.run("report", junk.toString()));
        assertTrue(err().contains("junk.hlog"), err());
        Path log = dir.resolve("x.hlog");
        Files.writeString(log, "");
        assertEquals(2, Main.run("report", log.toString(), "--start", "5", "--end", "2"));
        assertEquals(2, Main.run("rdns", "--resolver", "127.0.0.1:9", "--report",
                dir.resolve("no/such/dir/r.html").toString(), "198.18.0.1"));
        assertTrue(err().contains("--report"), err());
        assertEquals(2, Main.run("rdns", "--resolver", "127.0.0.1:9", "--interval", "1ms", "198.18.0.1"));
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
    }
}
