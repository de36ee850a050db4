package dev.bulkfetch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user sees when {@code --resolver} names a resolver that does not answer: records that say
 * why (with the errno the kernel gave), a run that ends, and a line on stderr while it is silent,
 * even with the progress line off.
 */
class DeadResolverCliTest extends ConsoleCapture {
    @TempDir
    Path dir;

    @Test
    void aSweepAgainstAPortNothingListensOnEndsAtOnceWithUnreachableRecords() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("out.ndjson");
        // a 30 s timeout: anything that waited for one would not end before the test's own limit
        assertEquals(0, Main.run("rdns", "--resolver", "127.0.0.1:" + port, "--timeout", "30s", "--no-progress",
                "-o", out.toString(), "198.18.0.0/24"));
        List<String> records = Files.readAllLines(out);
        assertEquals(256, records.size());
        for (String r : records) {
            assertTrue(r.contains("\"error\":{\"kind\":\"DNS_UNREACHABLE\",\"errno\":111,\"message\":\"resolver 127.0.0.1:"
                    + port + " refused the query (ICMP port unreachable"), r);
        }
        assertTrue(err().contains("outcomes: DNS_UNREACHABLE 256"), err());
        assertTrue(err().contains("ICMP unreachable report"), err());
    }

    @Test
    void silenceFromEveryResolverIsToldOnStderrWithTheProgressLineOff() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Path out = dir.resolve("out.ndjson");
            // budget 3 s x 2 attempts = 6 s: the notice comes after 3 s of silence (seen at a progress tick,
            // about once a second), before the run ends
            assertEquals(0, Main.run("rdns", "--resolver", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "3s",
                    "--retries", "1", "--no-progress", "-o", out.toString(), "198.18.0.0/22"));
            assertTrue(err().contains("bulkfetch: no DNS reply from 127.0.0.1:" + silent.getLocalPort() + " for 3 s ("),
                    err());
            List<String> records = Files.readAllLines(out);
            assertEquals(1024, records.size());
            assertTrue(records.stream().allMatch(r -> r.contains("\"kind\":\"DNS_TIMEOUT\"")
                    || r.contains("\"kind\":\"DNS_UNREACHABLE\",\"errno\":null,\"message\":\"resolver 127.0.0.1:"
                    + silent.getLocalPort() + " has not answered any of")), records.get(records.size() - 1));
        }
    }
}
