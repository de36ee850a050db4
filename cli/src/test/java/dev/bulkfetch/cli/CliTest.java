package dev.bulkfetch.cli;

import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user meets it: exit statuses, messages, output files. */
class CliTest extends ConsoleCapture {
    @Test
    void helpListsEveryCommand() {
        assertEquals(0, Main.run("--help"));
        String help = out();
        for (String cmd : List.of("http", "dns", "rdns", "submit", "collect", "report", "testbed", "demo")) {
            assertTrue(help.contains(cmd), cmd);
        }
    }

    @Test
    void everyCommandIsReachableWhetherNamedFirstOrThroughHelp() {
        // Main registers only the command a line names; help and mistakes still see all of them
        for (String cmd : BulkfetchCommand.SUBCOMMANDS.keySet()) {
            if (cmd.equals("help")) {
                continue;
            }
            out.reset();
            assertEquals(0, Main.run(cmd, "--help"), cmd);
            assertTrue(out().startsWith("Usage: bulkfetch " + cmd + " "), out());
            out.reset();
            assertEquals(0, Main.run("help", cmd), cmd);
            assertTrue(out().startsWith("Usage: bulkfetch " + cmd + " "), out());
        }
        assertEquals(2, Main.run("rnds", "1.2.3.4"));
        assertTrue(err().contains("'rnds'") && err().contains("bulkfetch --help"), err());
    }

    @Test
    void versionPrintsTheProductVersion() {
        assertEquals(0, Main.run("--version"));
        assertTrue(out().startsWith("bulkfetch "));
    }

    @Test
    void unknownOptionIsExitTwoWithAMessageNamingIt() {
        assertEquals(2, Main.run("rdns", "--no-such-option"));
        assertTrue(err().contains("--no-such-option"), err());
        assertFalse(err().contains("at dev.bulkfetch"), "no stack trace");
    }

    @Test
    void badOptionValuesAreExitTwo() {
        assertEquals(2, Main.run("rdns", "--timeout", "5", "--resolver", "127.0.0.1:9"));
        assertTrue(err().contains("unit"), err());
        assertEquals(2, Main.run("rdns", "--resolver", "resolver.example.com", "1.2.3.4"));
        assertTrue(err().contains("IP address"), err());
        assertEquals(2, Main.run("rdns", "--resolver", "127.0.0.1:70000", "1.2.3.4"));
        assertEquals(2, Main.run("dns", "-t", "BOGUS", "--resolver", "127.0.0.1:9", "x.test"));
        assertTrue(err().contains("BOGUS"), err());
        assertEquals(2, Main.run("rdns", "--format", "xml", "--resolver", "127.0.0.1:9", "1.2.3.4"));
        assertEquals(2, Main.run("rdns", "-c", "0", "--resolver", "127.0.0.1:9", "1.2.3.4"));
        assertEquals(2, Main.run("testbed", "--drop-share", "2"));
        assertEquals(2, Main.run("testbed", "--bind", "127.0.0.1", "--bind", "10.0.0.1"));
        assertTrue(err().contains("--bind") && err().contains("127.0.0.0/8"), err());
        assertEquals(2, Main.run("testbed", "--arrival-log", "/nonexistent-directory/arrivals.txt"));
        assertTrue(err().contains("--arrival-log"), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
    }

    @Test
    void rdnsWritesOneNdjsonRecordPerAddressAndExitsZero(@TempDir Path dir) throws Exception {
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            Path input = dir.resolve("in.txt");
            Files.writeString(input, "198.18.0.1\nnonsense\n198.18.1.0/31\n");
            Path output = dir.resolve("out.ndjson");
            int status = Main.run("rdns", "--resolver", "127.0.0.1:" + testbed.port(), "-o", output.toString(),
                    input.toString());
            assertEquals(0, status, err());
            List<String> lines = Files.readAllLines(output);
            assertEquals(4, lines.size());
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"line\":1") && l.contains("198-18-0-1.v4.bulkfetch.test.")));
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"line\":2") && l.contains("INVALID_INPUT")));
            assertEquals(2, lines.stream().filter(l -> l.contains("\"line\":3")).count());
            assertTrue(err().contains("4 targets"), err());
        }
    }

    @Test
    void dnsSimpleFormatPrintsMassdnsStyleLines(@TempDir Path dir) throws Exception {
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            Path output = dir.resolve("out.txt");
            assertEquals(0, Main.run("dns", "-t", "AAAA", "--format", "simple", "--resolver",
                    "127.0.0.1:" + testbed.port(), "-o", output.toString(), "www.bulkfetch.test", "nx-a.bulkfetch.test"));
            List<String> lines = Files.readAllLines(output);
            assertTrue(lines.contains("www.bulkfetch.test. AAAA ::1"), lines.toString());
            assertTrue(lines.contains("; nx-a.bulkfetch.test. AAAA NXDOMAIN"), lines.toString());
        }
    }

    @Test
    void httpWritesOneRecordPerUrlAndStoresBodies(@TempDir Path dir) throws Exception {
        try (dev.bulkfetch.testbed.HttpTestbed server = dev.bulkfetch.testbed.HttpTestbed.start(
                dev.bulkfetch.testbed.HttpTestbedConfig.builder().port(0).build())) {
            Path input = dir.resolve("urls.txt");
            Files.writeString(input, server.baseUrl() + "/gzip/5000\n\nnot a url\n" + server.baseUrl() + "/status/503\n");
            Path output = dir.resolve("out.ndjson");
            Path bodies = dir.resolve("bodies");
            int status = Main.run("http", "--resolver", "127.0.0.1:9", "-o", output.toString(), "--bodies",
                    bodies.toString(), "--headers", input.toString());
            assertEquals(0, status, err());
            List<String> lines = Files.readAllLines(output);
            assertEquals(3, lines.size(), lines.toString());
            String sha = dev.bulkfetch.testbed.HttpTestbedContent.sha256Hex(
                    dev.bulkfetch.testbed.HttpTestbedContent.body(5000));
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"line\":1") && l.contains(sha)
                    && l.contains("\"content_encoding\":\"gzip\"") && l.contains("\"headers\":[")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"line\":3") && l.contains("INVALID_INPUT")));
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"line\":4") && l.contains("\"status\":503")));
            assertTrue(Files.exists(bodies.resolve(sha.substring(0, 2)).resolve(sha)));
        }
    }

    @Test
    void httpPipelinesAutomaticallyByDefaultAndTakesAutoOrAFixedDepth(@TempDir Path dir) throws Exception {
        assertEquals(0, Main.run("http", "--help"));
        assertTrue(out().contains("--pipeline=D|auto") && out().contains("auto (default)"), out());
        try (dev.bulkfetch.testbed.HttpTestbed server = dev.bulkfetch.testbed.HttpTestbed.start(
                dev.bulkfetch.testbed.HttpTestbedConfig.builder().port(0).build())) {
            StringBuilder urls = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                urls.append(server.baseUrl()).append("/bytes/").append(i).append('\n');
            }
            Path input = dir.resolve("urls.txt");
            Files.writeString(input, urls);
            for (String depth : List.of("auto", "AUTO", "3")) {
                Path output = dir.resolve("out-" + depth + ".ndjson");
                assertEquals(0, Main.run("http", "--per-host", "1", "--pipeline", depth, "--resolver", "127.0.0.1:9",
                        "-o", output.toString(), input.toString()), err());
                List<String> lines = Files.readAllLines(output);
                assertEquals(200, lines.size());
                assertTrue(lines.stream().allMatch(l -> l.contains("\"status\":200")), depth);
            }
            String earned = "pipelining: 1 of 1 origin, up to 8 requests per connection; stopped on 0";
            assertEquals(2, err().split(Pattern.quote(earned), -1).length - 1, err());
            assertTrue(err().contains("pipelining: 1 of 1 origin, up to 3 requests per connection;"), err());
        }
    }

    @Test
    void httpWarcArchivesEverySuccessfulFetchWithItsNdjsonHash(@TempDir Path dir) throws Exception {
        try (dev.bulkfetch.testbed.HttpTestbed server = dev.bulkfetch.testbed.HttpTestbed.start(
                dev.bulkfetch.testbed.HttpTestbedConfig.builder().port(0).build())) {
            String base = server.baseUrl();
            Path input = dir.resolve("urls.txt");
            Files.writeString(input, String.join("\n", base + "/gzip/5000", base + "/chunked/3000/500",
                    base + "/redirect/1", base + "/reset/10", base + "/bytes/700") + "\n");
            Path output = dir.resolve("out.ndjson");
            Path warc = dir.resolve("out.warc.gz");
            int status = Main.run("http", "--resolver", "127.0.0.1:9", "--follow", "2", "--pipeline", "2", "-o",
                    output.toString(), "--warc", warc.toString(), input.toString());
            assertEquals(0, status, err());

            Map<String, String> responseSha256 = new HashMap<>();
            try (WarcReader reader = new WarcReader(warc)) {
                assertEquals("warcinfo", reader.next().orElseThrow().type());
                for (WarcRecord r : reader) {
                    if (r instanceof WarcResponse response) {
                        byte[] body = response.http().bodyDecoded().stream().readAllBytes();
                        responseSha256.put(response.target(), dev.bulkfetch.testbed.HttpTestbedContent.sha256Hex(body));
                    }
                }
            }
            Pattern url = Pattern.compile("\"url\":\"([^\"]+)\"");
            Pattern sha = Pattern.compile("\"sha256\":\"([0-9a-f]{64})\"");
            List<String> lines = Files.readAllLines(output);
            assertEquals(5, lines.size(), lines.toString());
            for (String line : lines) {
                Matcher u = url.matcher(line);
                assertTrue(u.find(), line);
                if (line.contains("\"error\":null")) {
                    Matcher h = sha.matcher(line);
                    assertTrue(h.find(), line);
                    assertEquals(h.group(1), responseSha256.get(u.group(1)), line);
                } else {
                    assertFalse(responseSha256.containsKey(u.group(1)), "failed fetch archived: " + line);
                }
            }
            // four fetches, one of them through a redirect: five responses
            assertEquals(5, responseSha256.size(), responseSha256.toString());
        }
    }

    @Test
    void httpBadOptionsAreExitTwo() {
        assertEquals(2, Main.run("http", "--max-body", "lots", "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("http", "--pipeline", "0", "--resolver", "127.0.0.1:9", "http://127.0.0.1:9/"));
        assertTrue(err().contains("'0' is not a pipeline depth (auto, or 1..64)"), err());
        assertEquals(2, Main.run("http", "--pipeline", "deep", "--resolver", "127.0.0.1:9", "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("http", "--pipeline", "65", "--resolver", "127.0.0.1:9", "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("http", "-H", "no colon", "--resolver", "127.0.0.1:9", "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("http", "--warc-max-size", "1MiB", "--resolver", "127.0.0.1:9", "http://127.0.0.1:9/"));
        assertTrue(err().contains("--warc-max-size needs --warc"), err());
        assertEquals(2, Main.run("http", "--warc", "/nonexistent-directory/out.warc.gz", "--resolver", "127.0.0.1:9",
                "http://127.0.0.1:9/"));
        assertTrue(err().contains("--warc: cannot write"), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
    }

    @Test
    void demoRunsAgainstTheEmbeddedTestbedAndLeavesItsLogsAndReportsInOneFolder(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("demo");
        assertEquals(0, Main.run("demo", "--range", "198.18.0.0/22", "--dir", folder.toString()));
        String text = out();
        assertTrue(text.contains("1,024 lookups"), text);
        assertTrue(text.contains("  1 lookup in ") && !text.contains(" 1 lookups"), text);
        assertTrue(text.contains("2,011 URLs") && text.contains("2,011 fetches"), text);
        assertTrue(text.contains("cname-0.bulkfetch.test."), text);
        assertTrue(text.contains("FIRST_BYTE_TIMEOUT") && text.contains("BODY_TOO_LARGE"), text);
        for (String run : List.of("rdns", "http", "http-rate")) {
            assertTrue(Files.readString(folder.resolve(run + ".html")).contains("percentile-plot"), run);
        }
        assertTrue(text.contains("are in " + folder + "/"), text);
        assertTrue(text.contains("try: bulkfetch report " + folder.resolve("http-rate.hlog")), text);
        // what the README's report examples do with the demo's logs
        out.reset();
        assertEquals(0, Main.run("report", folder.resolve("http-rate.hlog").toString(), "--start", "0.5", "--end",
                "1.5s", "--hgrm", dir.resolve("hgrm").toString()), err());
        assertTrue(out().contains("bulkfetch demo (http-rate): "), out());
        assertTrue(Files.exists(dir.resolve("hgrm/total.hgrm")));
        assertEquals(0, Main.run("report", folder.resolve("http.hlog").toString(), folder.resolve("http-rate.hlog")
                .toString(), "--html", dir.resolve("compare.html").toString()), err());
    }

    @Test
    void aDemoWithoutDirWritesANewDatedFolderEachTime() {
        Path first = DemoFolder.create(null).path();
        Path second = DemoFolder.create(null).path();
        try {
            assertTrue(first.getFileName().toString().matches("bulkfetch-demo-\\d{8}-\\d{6}(-\\d+)?"), first.toString());
            assertFalse(first.equals(second), "a second demo in the same second gets its own folder");
            assertTrue(Files.isDirectory(first) && Files.isDirectory(second));
        } finally {
            first.toFile().delete();
            second.toFile().delete();
        }
    }
}
