package dev.bulkfetch.engine;

import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.http.HostsFile;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly one record per input line, whatever happens to it: 100,000 mixed inputs (good, invalid,
 * failing, slow) through whole runs with the testbeds' faults switched on; the set of line numbers in
 * the output must equal the input's.
 */
class ConservationTest {
    private static final int LINES = 100_000;

    private static InputArguments lines(StringBuilder text) {
        return new InputArguments(List.of("-"), new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Every numbered line that is not blank or a comment, exactly once. */
    private static void assertEachLineOnce(BitSet expected, List<Long> seen) {
        BitSet got = new BitSet();
        for (long line : seen) {
            assertTrue(!got.get((int) line), "line " + line + " has two records");
            got.set((int) line);
        }
        BitSet missing = (BitSet) expected.clone();
        missing.andNot(got);
        BitSet extra = (BitSet) got.clone();
        extra.andNot(expected);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "missing " + missing.cardinality() + " (first "
                + missing.nextSetBit(0) + "), extra " + extra.cardinality());
    }

    @Test
    void httpGivesEveryLineOneRecord() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build());
             DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().port(0).dropShare(0.05)
                     .nxdomainShare(0.05).servfailShare(0.02).build())) {
            String base = server.baseUrl();
            String byName = "http://www-%d.bulkfetch.test:" + server.port();
            String[] kinds = {base + "/bytes/%d", base + "/gzip-chunked/2000/100?%d", byName + "/bytes/10", "",
                base + "/bytes/%d", "ftp://x.test/%d", "http://exa mple/%d", base + "/reset/100?%d",
                "http://127.0.0.1:" + closedPort + "/%d", base + "/status/503?%d", "# comment", base + "/hang?%d",
                base + "/close/1000?%d", base + "/bytes/%d", "http://[::1:%d/", base + "/bytes/%d"};
            StringBuilder text = new StringBuilder();
            BitSet expected = new BitSet();
            for (int i = 0; i < LINES; i++) {
                String k = kinds[i % kinds.length];
                text.append(k.contains("%d") ? String.format(k, i % 5000) : k).append('\n');
                if (!k.isBlank() && !k.startsWith("#")) {
                    expected.set(i + 1);
                }
            }
            List<Long> seen = new ArrayList<>();
            HttpEngineConfig http = HttpEngineConfig.builder().perHost(200).pipeline(2)
                    .firstByteTimeout(Duration.ofMillis(200)).totalTimeout(Duration.ofMillis(800)).build();
            DnsEngineConfig resolver = DnsEngineConfig.builder().resolver(dns.address())
                    .timeout(Duration.ofMillis(100)).retries(2).build();
            HttpRunReport report = HttpRun.run(RunSpec.builder(new HttpEngines(http, resolver, HostsFile.empty()),
                    HttpTargets.of(lines(text)), new RecordLines<HttpResult>(seen, r -> r.target().line()))
                    .limits(new RunLimits(1000, 0)).listener(p -> { }).build());
            assertEachLineOnce(expected, seen);
            Map<String, Long> by = new TreeMap<>(report.outcomes().snapshot());
            for (String kind : List.of("2xx", "5xx", "INVALID_INPUT", "CONNECT_REFUSED", "FIRST_BYTE_TIMEOUT",
                    "DNS_NXDOMAIN")) {
                assertTrue(by.getOrDefault(kind, 0L) > 0, kind + " in " + by);
            }
        }
    }

    @Test
    void rdnsGivesEveryLineItsRecords() throws Exception {
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).dropShare(0.02)
                .nxdomainShare(0.1).servfailShare(0.05).truncateShare(0.05).build())) {
            StringBuilder text = new StringBuilder();
            BitSet expected = new BitSet();
            long records = 0;
            for (int i = 0; i < LINES; i++) {
                int n;
                switch (i % 10) {
                    case 0 -> {
                        text.append("junk ").append(i);
                        n = 1;
                    }
                    case 1 -> {
                        text.append("10.").append(i / 65536 % 256).append('.').append(i / 256 % 256).append(".0/31");
                        n = 2;
                    }
                    case 2 -> {
                        text.append("   ");
                        n = 0;
                    }
                    case 3 -> {
                        text.append("2001:db8::").append(Integer.toHexString(i % 65536));
                        n = 1;
                    }
                    default -> {
                        text.append("198.18.").append(i / 256 % 256).append('.').append(i % 256);
                        n = 1;
                    }
                }
                text.append('\n');
                if (n > 0) {
                    expected.set(i + 1);
                }
                records += n;
            }
            List<Long> seen = new ArrayList<>();
            DnsEngineConfig config = DnsEngineConfig.builder().resolver(testbed.address())
                    .timeout(Duration.ofMillis(100)).retries(3).build();
            DnsSweepReport report = DnsSweep.run(RunSpec.builder(config,
                    DnsTargets.reverse(lines(text), 1 << 16), new RecordLines<DnsResult>(seen, r -> r.target().line()))
                    .limits(new RunLimits(500, 0)).listener(p -> { }).build());
            assertEquals(records, seen.size());
            // a /31 line has two records: count lines once
            List<Long> firstPerLine = seen.stream().distinct().toList();
            assertEachLineOnce(expected, firstPerLine);
            Map<String, Long> by = report.outcomes().snapshot();
            assertTrue(by.get("NOERROR") > 0 && by.get("NXDOMAIN") > 0 && by.get("INVALID_INPUT") == LINES / 10,
                    by.toString());
            assertEquals(records, by.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    /** Keeps the input line of each record. */
    private record RecordLines<R>(List<Long> lines, java.util.function.ToLongFunction<R> line)
            implements ResultSink<R> {
        @Override
        public void write(R result) {
            lines.add(line.applyAsLong(result));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
