package dev.bulkfetch.cli;

import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

/**
 * Bad input end to end, as a user meets it: one file of every kind of bad line, through {@code http} and
 * {@code rdns}. The run completes (exit 0), each bad line is one INVALID_INPUT record saying why, blank lines
 * are skipped and counted in the summary, the good lines are fetched, and nothing in the input is executed.
 * Bad options are exit 2 with a message naming the option and no stack trace.
 */
class BadInputCliTest extends ConsoleCapture {
    private static final Pattern LINE = Pattern.compile("^\\{\"line\":(\\d+),");
    /** The records of an output file by input line number. */
    private static Map<Integer, String> byLine(Path output) throws Exception {
        Map<Integer, String> records = new HashMap<>();
        for (String record : Files.readAllLines(output)) {
            Matcher m = LINE.matcher(record);
            assertTrue(m.find(), record);
            assertEquals(null, records.put(Integer.parseInt(m.group(1)), record), "one record per line: " + record);
        }
        return records;
    }

    private static byte[] lines(Object... lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object line : lines) {
            bytes.writeBytes(line instanceof byte[] b ? b : line.toString().getBytes(StandardCharsets.UTF_8));
            bytes.write('\n');
        }
        return bytes.toByteArray();
    }

    @Test
    void httpGivesOneClearRecordPerBadLineAndFetchesTheRest(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("executed");
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.defaults());
             DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            String base = server.baseUrl();
            Path input = Files.write(dir.resolve("urls.txt"), lines(
                    "",                                                     // 1 skipped
                    "   \t ",                                               // 2 skipped
                    "# a comment",                                          // 3 skipped
                    new byte[] {0, 1, 2, 0x1B, (byte) 0x7F},                 // 4 binary junk (valid UTF-8)
                    new byte[] {'h', 't', 't', 'p', ':', '/', '/', (byte) 0xC3, (byte) 0x28}, // 5 invalid UTF-8
                    "http://a.example/" + "x".repeat(1 << 20),              // 6 a megabyte line
                    "ftp://127.0.0.1/file",                                 // 7 unsupported scheme
                    "http://user:secret@" + base.substring(7) + "/bytes/1", // 8 credentials
                    "http://127.0.0.1:70000/",                              // 9 port out of range
                    "http://bad host.example/",                             // 10 space in the host
                    "http://bücher.bulkfetch.test:" + server.port() + "/bytes/3", // 11 IDN: fetched as punycode
                    base + "/bytes/5?q=a b",                                // 12 space in the query: encoded, fetched
                    "$(touch " + marker + ")",                              // 13
                    "`touch " + marker + "`",                               // 14
                    base + "/bytes/1;touch " + marker,                      // 15 fetched as a path, nothing run
                    "|touch " + marker,                                     // 16
                    base + "/bytes/7"));                                    // 17
            Path output = dir.resolve("out.ndjson");
            int status = Main.run("http", "--resolver", "127.0.0.1:" + dns.port(), "-o", output.toString(),
                    input.toString());

            assertEquals(0, status, err());
            Map<Integer, String> r = byLine(output);
            assertEquals(14, r.size(), r.toString());
            for (int skipped = 1; skipped <= 3; skipped++) {
                assertFalse(r.containsKey(skipped));
            }
            assertTrue(err().contains("3 blank/comment lines skipped"), err());
            assertInvalid(r.get(4), "control character");
            assertInvalid(r.get(5), "not valid UTF-8");
            assertInvalid(r.get(6), "longer than");
            assertTrue(r.get(6).length() < 1_000, "the record does not repeat the megabyte");
            assertInvalid(r.get(7), "unsupported scheme 'ftp'");
            assertInvalid(r.get(8), "credentials");
            String message = r.get(8).substring(r.get(8).indexOf("\"message\""));
            assertFalse(message.contains("secret"), "the input is the user's own; the message does not repeat it: " + message);
            assertInvalid(r.get(9), "port 70000 is out of range");
            assertInvalid(r.get(10), "host holds a space");
            assertTrue(r.get(11).contains("\"url\":\"http://xn--bcher-kva.bulkfetch.test:" + server.port() + "/bytes/3\"")
                    && r.get(11).contains("\"status\":200"), r.get(11));
            assertTrue(r.get(12).contains("/bytes/5?q=a%20b\"") && r.get(12).contains("\"status\":200"), r.get(12));
            assertInvalid(r.get(13), "");
            assertInvalid(r.get(14), "");
            assertTrue(r.get(15).contains("\"url\":\"" + base + "/bytes/1;touch%20"), r.get(15));
            assertInvalid(r.get(16), "");
            assertTrue(r.get(17).contains("\"status\":200") && r.get(17).endsWith("\"error\":null}"), r.get(17));
            assertFalse(Files.exists(marker), "nothing in the input is ever executed");
        }
    }

    @Test
    void rdnsGivesOneClearRecordPerBadLineAndLooksUpTheRest(@TempDir Path dir) throws Exception {
        try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            Path input = Files.write(dir.resolve("ips.txt"), lines(
                    "",                                              // 1 skipped
                    " ",                                             // 2 skipped
                    new byte[] {0, (byte) 0xFE, '\r'},               // 3 junk, invalid UTF-8
                    "198.18." + "9".repeat(1 << 20),                 // 4 a megabyte line
                    "198.18.0.0/33",                                 // 5 prefix too long
                    "198.18.0/24",                                   // 6 not an address
                    "198.18.0.256",                                  // 7
                    "2001:db8::1::2",                                // 8
                    "http://198.18.0.1/",                            // 9 a URL is no address
                    "198.18.0.1",                                    // 10
                    "198.18.1.0/31"));                               // 11 two records
            Path output = dir.resolve("out.ndjson");
            int status = Main.run("rdns", "--resolver", "127.0.0.1:" + dns.port(), "-o", output.toString(),
                    input.toString());

            assertEquals(0, status, err());
            List<String> records = Files.readAllLines(output);
            assertEquals(10, records.size(), records.toString());
            assertTrue(err().contains("2 blank/comment lines skipped"), err());
            Map<Integer, String> r = new HashMap<>();
            for (String record : records) {
                Matcher m = LINE.matcher(record);
                assertTrue(m.find());
                r.merge(Integer.parseInt(m.group(1)), record, (a, b) -> a + "\n" + b);
            }
            assertInvalid(r.get(3), "not valid UTF-8");
            assertInvalid(r.get(4), "longer than");
            assertInvalid(r.get(5), "too long");
            assertInvalid(r.get(6), "not an IP address");
            assertInvalid(r.get(7), "not an IP address, CIDR range");
            assertInvalid(r.get(8), "not an IP address, CIDR range");
            assertInvalid(r.get(9), "not a CIDR range");
            assertTrue(r.get(10).contains("198-18-0-1.v4.bulkfetch.test."), r.get(10));
            assertEquals(2, r.get(11).lines().count());
        }
    }

    @Test
    void eventLoopsThatCannotShareTheWorkAreExitTwoSayingWhy() {
        assertEquals(2, Main.run("http", "--event-loops", "0", "--resolver", "127.0.0.1:9", "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("http", "--event-loops", "65", "--resolver", "127.0.0.1:9", "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("http", "--event-loops", "4", "--per-host", "2", "--resolver", "127.0.0.1:9",
                "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("http", "--event-loops", "2", "--host-delay", "10ms", "--resolver", "127.0.0.1:9",
                "http://127.0.0.1:9/"));
        String text = err();
        assertEquals(2, text.lines().filter(l -> l.equals("bulkfetch: --event-loops must be 1..64")).count(), text);
        assertTrue(text.contains("bulkfetch: --event-loops 4: each of 4 event loops needs a connection per host of its"
                + " own: per-host connections (2) must be at least the event loops"), text);
        assertTrue(text.contains("bulkfetch: --event-loops 2: more than one event loop does not go with the crawl"
                + " options"), text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
    }

    @Test
    void unusableFileOptionsAreExitTwoNamingTheOption(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate\n");
        assertEquals(2, Main.run("http", "--ca-file", dir.resolve("missing.pem").toString(), "--resolver", "127.0.0.1:9",
                "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("http", "--ca-file", notPem.toString(), "--resolver", "127.0.0.1:9", "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("http", "-o", dir.resolve("no/such/dir/out").toString(), "--resolver", "127.0.0.1:9",
                "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("rdns", "--resolvers", dir.resolve("missing.txt").toString(), "198.18.0.1"));
        assertEquals(2, Main.run("http", "--follow", "51", "--resolver", "127.0.0.1:9", "http://127.0.0.1:9/"));
        assertEquals(2, Main.run("rdns", "--edns", "100", "--resolver", "127.0.0.1:9", "198.18.0.1"));
        String text = err();
        assertEquals(1, text.lines().filter(l -> l.startsWith("bulkfetch: --ca-file: cannot read ")).count(), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("bulkfetch: --ca-file: cannot use ")).count(), text);
        assertTrue(text.contains("bulkfetch: --output: cannot write "), text);
        assertTrue(text.contains("bulkfetch: --resolvers: cannot read "), text);
        assertTrue(text.contains("follow must be 0..50"), text);
        assertTrue(text.contains("EDNS size must be 0 or 512..65535"), text);
        assertFalse(text.contains("\tat ") || text.contains("fatal"), "no stack trace, no fatal error: " + text);
    }

    @Test
    void aResolversFileThatNamesNoResolverIsExitTwoNotAFallBackToResolvConf(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("resolvers.txt"), "# none yet\n\n");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "127.0.0.1:99999\n");
        assertEquals(2, Main.run("rdns", "--resolvers", empty.toString(), "198.18.0.1"));
        assertEquals(2, Main.run("http", "--resolvers", empty.toString(), "http://name.test/"));
        assertEquals(2, Main.run("dns", "--resolvers", bad.toString(), "name.test"));
        assertEquals("", out(), "nothing was asked, so nothing was recorded");
        String text = err();
        assertEquals(2, text.lines().filter(l -> l.equals("bulkfetch: --resolvers: " + empty
                + " names no resolver (one IP address[:PORT] per line)")).count(), text);
        assertTrue(text.contains("bulkfetch: --resolvers: " + bad + ": bad port in resolver address"), text);
    }

    private static void assertInvalid(String record, String reason) {
        assertTrue(record != null && record.contains("\"error\":{\"kind\":\"INVALID_INPUT\""), String.valueOf(record));
        assertTrue(record.contains(reason), "'" + reason + "' in " + record);
    }
}
