package dev.bulkfetch.cli;

import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one exit-status rule, command by command: 2 when nothing was done because an option, an input or
 * an output cannot be used, with a message that names the path once and says what is wrong; 1 when a
 * run started and could not finish.
 */
class ExitStatusCliTest extends ConsoleCapture {
    private static final List<String> NO_RESOLVER = List.of("--resolver", "127.0.0.1:9", "--timeout", "100ms");

    /** Runs a command and returns its exit status; its error message is the last line on stderr. */
    private static int run(List<String> args) {
        return Main.run(args.toArray(String[]::new));
    }

    /** A command line with a resolver on loopback that answers nothing, and the rest of it. */
    private static List<String> args(String command, String... rest) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(NO_RESOLVER);
        all.addAll(List.of(rest));
        return all;
    }

    /** A target of the command's kind that goes nowhere but loopback, were it ever started. */
    private static String target(String command) {
        return Map.of("http", "http://127.0.0.1:9/", "dns", "x.bulkfetch.test", "rdns", "198.18.0.1").get(command);
    }

    private String lastError() {
        List<String> lines = err().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private void assertMessage(String expected, String path) {
        String line = lastError();
        assertEquals(expected, line);
        assertEquals(1, line.split(java.util.regex.Pattern.quote(path), -1).length - 1, "path named once: " + line);
    }

    @Test
    void aMissingInputFileIsExitTwoBeforeAnyOutputIsWritten(@TempDir Path dir) {
        Path out = dir.resolve("out.ndjson");
        for (String command : List.of("http", "dns", "rdns")) {
            for (String missing : List.of("addresses.txt", dir.resolve("names.lst").toString(), "data/ips")) {
                assertEquals(2, run(args(command, "-o", out.toString(), target(command), missing)),
                        command + " " + missing + ": " + err());
                assertMessage("bulkfetch: cannot read " + missing + ": no such file, and not a target either", missing);
                assertFalse(Files.exists(out), "nothing written by " + command);
            }
        }
    }

    @Test
    void aDirectoryGivenForAnInputFileIsExitTwo(@TempDir Path dir) {
        String out = dir.resolve("out.ndjson").toString();
        for (String command : List.of("http", "dns", "rdns")) {
            assertEquals(2, run(args(command, "-o", out, target(command), dir.toString())), command);
            assertMessage("bulkfetch: cannot read " + dir + ": is a directory", dir.toString());
        }
        assertEquals(2, Main.run("report", dir.toString()));
        assertMessage("bulkfetch: cannot read " + dir + ": is a directory", dir.toString());
        assertEquals(2, Main.run("report", "."));
        assertEquals("bulkfetch: cannot read .: is a directory", lastError());
    }

    @Test
    void anOutputThatCannotBeWrittenIsExitTwoNamingItOnce(@TempDir Path dir) {
        String nowhere = dir.resolve("no/such/dir/x").toString();
        String out = dir.resolve("out.ndjson").toString();
        for (String command : List.of("http", "dns", "rdns")) {
            assertEquals(2, run(args(command, "-o", nowhere, target(command))), command);
            assertMessage("bulkfetch: --output: cannot write " + nowhere + ": its directory does not exist", nowhere);
            assertEquals(2, run(args(command, "-o", dir.toString(), target(command))), command);
            assertMessage("bulkfetch: --output: cannot write " + dir + ": is a directory", dir.toString());
            assertEquals(2, run(args(command, "-o", out, "--hlog", dir.toString(), target(command))), command);
            assertMessage("bulkfetch: --hlog: cannot write " + dir + ": is a directory", dir.toString());
            assertEquals(2, run(args(command, "-o", out, "--report", nowhere, target(command))), command);
            assertMessage("bulkfetch: --report: cannot write " + nowhere + ": its directory does not exist", nowhere);
        }
        assertEquals(2, Main.run("http", "--resolver", "127.0.0.1:9", "-o", out, "--warc", dir.toString(),
                "http://127.0.0.1:9/"));
        assertMessage("bulkfetch: --warc: cannot write " + dir + ": is a directory", dir.toString());
        assertEquals(2, Main.run("testbed", "--arrival-log", nowhere));
        assertMessage("bulkfetch: --arrival-log: cannot write " + nowhere + ": its directory does not exist", nowhere);
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
    }

    @Test
    void reportChecksItsLogsAndOutputsBeforePrintingAnything(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("run.hlog");
        assertEquals(2, Main.run("report", missing.toString()));
        assertMessage("bulkfetch: cannot read " + missing + ": no such file", missing.toString());
        Path junk = Files.writeString(dir.resolve("junk.hlog"), "not a log\n");
        assertEquals(2, Main.run("report", junk.toString()));
        assertMessage("bulkfetch: cannot use " + junk + ": it holds no interval histograms", junk.toString());
        String nowhere = dir.resolve("no/such/dir/r.html").toString();
        assertEquals(2, Main.run("report", junk.toString(), "--html", nowhere));
        assertMessage("bulkfetch: --html: cannot write " + nowhere + ": its directory does not exist", nowhere);
        assertEquals("", out(), "nothing printed before the problem was found");
    }

    @Test
    void aTestbedPortInUseIsExitTwoNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // were the port not refused, the testbed would run until interrupted: the timeout ends the test
            int status = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> Main.run("testbed", "--http-port", Integer.toString(port)));
            assertEquals(2, status, err());
            assertTrue(lastError().startsWith("bulkfetch: --http-port: cannot listen on 127.0.0.1:" + port + ": "),
                    err());
            assertTrue(lastError().contains("in use"), err());
        }
    }

    @Test
    void aRunThatStartsAndCannotFinishIsExitOne() throws Exception {
        // /dev/full opens, then fails every write: the run has started when the output fails
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            assertEquals(1, Main.run("rdns", "--resolver", "127.0.0.1:" + testbed.port(), "-o", "/dev/full",
                    "198.18.0.0/24"), err());
            assertTrue(err().contains("bulkfetch: fatal: "), err());
        }
    }

    @Test
    void helpAndReadmeStateTheSameRule() throws Exception {
        assertEquals(0, Main.run("--help"));
        assertTrue(oneLine(out()).contains(ExitStatus.RULE), out());
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(oneLine(readme).contains(ExitStatus.RULE), "README.md states ExitStatus.RULE word for word");
        assertEquals(1, oneLine(readme).split("Exit status:", -1).length - 1, "README.md states it once");
    }

    /** Text with its line breaks and runs of spaces as single spaces, as wrapped help and Markdown read. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
