package dev.bulkfetch.engine;

import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.http.HostsFile;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.io.HttpNdjsonSink;
import dev.bulkfetch.io.HttpTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.metrics.Phases;
import dev.bulkfetch.metrics.RateKeeping;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Constant-rate mode measures from intended start times: a server that stalls once shows in the
 * corrected percentiles but not in the service times (coordinated omission, as wrk2 corrects it).
 */
class ConstantRateTest {

    @Test
    void aStallShowsInCorrectedLatencyButNotInServiceTime() throws Exception {
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build())) {
            StringBuilder input = new StringBuilder();
            int n = 1000;
            for (int i = 0; i < n; i++) {
                // one request in the first quarter holds the only connection for a second
                input.append(server.baseUrl()).append(i == 200 ? "/delay/1000/100" : "/bytes/100").append('\n');
            }
            HttpTargets targets = HttpTargets.of(new InputArguments(List.of("-"),
                    new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8))));
            HttpRunReport report = HttpRun.run(RunSpec.builder(
                    new HttpEngines(HttpEngineConfig.builder().perHost(1).build(), null, HostsFile.empty()),
                    targets, new HttpNdjsonSink(new StringWriter(), null)).limits(new RunLimits(1, 500)).build());

            assertEquals(n, report.outcome().results());
            Histogram total = report.phases().get(Phases.TOTAL);
            Histogram service = report.phases().get(Phases.SERVICE);
            assertEquals(n, total.getTotalCount());
            assertEquals(n, service.getTotalCount());
            // ~500 starts were due during the stall: each waited for it, and the corrected figures say so
            assertTrue(total.getValueAtPercentile(99) > 500_000, "corrected p99 " + total.getValueAtPercentile(99));
            assertTrue(total.getValueAtPercentile(90) > 300_000, "corrected p90 " + total.getValueAtPercentile(90));
            // the server itself was slow once: only the max of the service time shows it
            assertTrue(service.getValueAtPercentile(99) < 200_000, "service p99 " + service.getValueAtPercentile(99));
            assertTrue(service.getMaxValue() >= 1_000_000, "service max " + service.getMaxValue());

            RateKeeping rate = report.outcome().rate();
            assertTrue(rate.lateStarts() > 100, rate.toString());
            assertTrue(rate.maxLagMillis() > 500, rate.toString());
            assertTrue(rate.capReached(), rate.toString());
            assertTrue(rate.fellBehind(), rate.toString());
        }
    }

    @Test
    void dnsQueriesStartOnScheduleAndBothHistogramsAreKept() throws Exception {
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            DnsEngineConfig config = DnsEngineConfig.builder().resolver(testbed.address()).build();
            DnsTargets targets = DnsTargets.reverse(new InputArguments(List.of("198.18.0.0/23"),
                    new ByteArrayInputStream(new byte[0])), 1000);
            List<Progress> progress = new ArrayList<>();
            DnsSweepReport report = DnsSweep.run(RunSpec.builder(config,
                    targets, new ListSink<DnsResult>(new ArrayList<>()))
                    .limits(new RunLimits(100, 1000)).listener(progress::add).build());
            assertEquals(512, report.outcome().results());
            // 512 starts at 1000/s: about half a second, never much less
            assertTrue(report.outcome().elapsed().toMillis() >= 480, report.outcome().toString());
            RateKeeping rate = report.outcome().rate();
            assertEquals(512, rate.starts());
            // never faster than asked; slower only by what a cold JVM on a busy machine costs
            assertTrue(rate.achievedPerSecond() > 600 && rate.achievedPerSecond() < 1010, rate.toString());
            assertEquals(512, report.phases().get(Phases.TOTAL).getTotalCount());
            assertEquals(512, report.phases().get(Phases.SERVICE).getTotalCount());
        }
    }

    @Test
    void withoutARateThereIsNoScheduleAndNoServicePhase() throws Exception {
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            DnsEngineConfig config = DnsEngineConfig.builder().resolver(testbed.address()).build();
            DnsTargets targets = DnsTargets.reverse(new InputArguments(List.of("198.18.0.0/24"),
                    new ByteArrayInputStream(new byte[0])), 1000);
            DnsSweepReport report = DnsSweep.run(RunSpec.builder(config,
                    targets, new ListSink<DnsResult>(new ArrayList<>()))
                    .limits(new RunLimits(100, 0)).listener(p -> { }).build());
            assertNull(report.outcome().rate());
            assertFalse(report.phases().containsKey(Phases.SERVICE));
            assertEquals(256, report.phases().get(Phases.TOTAL).getTotalCount());
            assertEquals(256, report.rtt().getTotalCount());
        }
    }
}
