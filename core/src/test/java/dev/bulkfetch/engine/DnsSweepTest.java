package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.io.DnsNdjsonSink;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole runs through reader, loop and writer against the testbed with faults switched on. */
class DnsSweepTest {
    private static final Pattern LINE = Pattern.compile("\"line\":(\\d+)");

    @Test
    void everyInputLineGetsExactlyItsRecordsDespiteDropsAndFaults() throws Exception {
        StringBuilder input = new StringBuilder();
        Map<Long, Integer> expected = new HashMap<>();
        long line = 0;
        for (int i = 0; i < 3000; i++) {
            line++;
            switch (i % 6) {
                case 0 -> input.append("garbage-").append(i).append('\n');
                case 1 -> input.append("198.18.").append(i % 256).append(".0/30\n");
                case 2 -> input.append("\n");
                default -> input.append("198.19.").append(i / 256 % 256).append('.').append(i % 256).append('\n');
            }
            int n = switch (i % 6) {
                case 1 -> 4;
                case 2 -> 0;
                default -> 1;
            };
            if (n > 0) {
                expected.put(line, n);
            }
        }
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).dropShare(0.05)
                .nxdomainShare(0.1).servfailShare(0.05).truncateShare(0.05).build())) {
            DnsEngineConfig config = DnsEngineConfig.builder().resolver(testbed.address())
                    .timeout(Duration.ofMillis(150)).retries(6).build();
            StringWriter out = new StringWriter();
            List<Progress> progress = new ArrayList<>();
            DnsTargets targets = DnsTargets.reverse(new InputArguments(List.of("-"),
                    new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8))), 1 << 20);
            DnsSweepReport report = DnsSweep.run(RunSpec.builder(config, targets, new DnsNdjsonSink(out))
                    .limits(new RunLimits(300, 0)).listener(progress::add).build());
            Map<Long, Integer> seen = new HashMap<>();
            for (String record : out.toString().split("\n")) {
                Matcher m = LINE.matcher(record);
                assertTrue(m.find(), record);
                seen.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
            }
            assertEquals(expected, seen);
            assertEquals(report.outcome().targets(), report.outcome().results());
            assertEquals(500, targets.skippedLines());
            Map<String, Long> outcomes = report.outcomes().snapshot();
            assertEquals(500L, outcomes.get("INVALID_INPUT"));
            assertTrue(outcomes.get("NXDOMAIN") > 0 && outcomes.get("DNS_SERVFAIL") > 0, outcomes.toString());
            assertTrue(report.wire().retransmits() > 0);
        }
    }

    @Test
    void rateLimitSpacesQueryStarts() throws IOException {
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            DnsEngineConfig config = DnsEngineConfig.builder().resolver(testbed.address()).build();
            DnsTargets targets = DnsTargets.reverse(new InputArguments(List.of("198.18.0.0/26", "198.18.1.0/26"),
                    new ByteArrayInputStream(new byte[0])), 1000);
            List<DnsResult> results = new ArrayList<>();
            DnsSweepReport report = DnsSweep.run(RunSpec.builder(config, targets, new ListSink<>(results))
                    .limits(new RunLimits(100, 200)).listener(p -> { }).build());
            assertEquals(128, results.size());
            // 128 starts at 200/s cannot take less than ~0.6 s, whatever the machine
            assertTrue(report.outcome().elapsed().compareTo(Duration.ofMillis(550)) > 0, report.outcome().toString());
        }
    }
}
