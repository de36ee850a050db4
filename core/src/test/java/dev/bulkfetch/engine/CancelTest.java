package dev.bulkfetch.engine;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancelling a run: in-flight work gets its grace, the rest ends as CANCELLED, no input loses its record. */
class CancelTest {

    private static InputArguments lines(String text) {
        return new InputArguments(List.of("-"), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void cancelAfter(RunControl control, long millis, ScheduledExecutorService timer) {
        timer.schedule(control::cancel, millis, TimeUnit.MILLISECONDS);
    }

    @Test
    void fetchesInFlightFinishWithinTheGraceAndTheRestAreCancelled() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build())) {
            StringBuilder urls = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                urls.append(server.baseUrl()).append("/delay/400/10?").append(i).append('\n');
            }
            List<HttpResult> results = Collections.synchronizedList(new ArrayList<>());
            RunControl control = new RunControl(Duration.ofSeconds(5));
            cancelAfter(control, 150, timer);
            HttpRunReport report = HttpRun.run(RunSpec.builder(
                    new HttpEngines(HttpEngineConfig.builder().perHost(10).build(), null, HostsFile.empty()),
                    HttpTargets.of(lines(urls.toString())), new ListSink<>(results))
                    .limits(new RunLimits(10, 0)).control(control).build());
            assertEquals(200, results.size());
            assertEquals(200, results.stream().map(r -> r.target().line()).distinct().count());
            Map<String, Long> by = report.outcomes().snapshot();
            // the first ten were in flight when the cancel came: they had time to finish
            assertEquals(10L, by.get("2xx"), by.toString());
            assertEquals(190L, by.get("CANCELLED"), by.toString());
            assertTrue(report.outcome().elapsed().toMillis() < 3000, report.outcome().toString());
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void withoutGraceFetchesInFlightAreCancelledAtOnce() throws Exception {
        withoutGraceFetchesInFlightAreCancelledAtOnceOn(1);
    }

    @Test
    void withoutGraceFetchesInFlightOnEveryEventLoopAreCancelledAtOnce() throws Exception {
        withoutGraceFetchesInFlightAreCancelledAtOnceOn(3);
    }

    private static void withoutGraceFetchesInFlightAreCancelledAtOnceOn(int loops) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build())) {
            StringBuilder urls = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                urls.append(server.baseUrl()).append("/delay/5000/10?").append(i).append('\n');
            }
            urls.append("not a url\n");
            List<HttpResult> results = Collections.synchronizedList(new ArrayList<>());
            RunControl control = new RunControl(Duration.ZERO);
            cancelAfter(control, 200, timer);
            HttpRunReport report = HttpRun.run(RunSpec.builder(
                    new HttpEngines(HttpEngineConfig.builder().perHost(20).build(), null, HostsFile.empty()).withLoops(loops),
                    HttpTargets.of(lines(urls.toString())), new ListSink<>(results))
                    .limits(new RunLimits(20, 0)).control(control).build());
            assertEquals(51, results.size());
            Map<String, Long> by = report.outcomes().snapshot();
            assertEquals(50L, by.get("CANCELLED"), by.toString());
            assertEquals(1L, by.get("INVALID_INPUT"), by.toString()); // still its own final record
            assertTrue(report.outcome().elapsed().toMillis() < 2000, report.outcome().toString());
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aSweepCancelledTwiceStopsReadingAndEveryRecordIsUnique() throws Exception {
        List<DnsResult> results = Collections.synchronizedList(new ArrayList<>());
        // a /12 at 2,000/s would take over eight minutes
        DnsSweepReport report = sweepCancelledAt("198.16.0.0/12", results, 300, 320);
        assertTrue(report.outcome().elapsed().toMillis() < 5000, report.outcome().toString());
        assertEquals(report.outcome().targets(), results.size());
        assertEquals(results.size(), results.stream().map(r -> r.answer().question().name()).distinct().count());
        assertTrue(results.size() < 100_000, "stopped reading: " + results.size());
        Map<String, Long> by = results.stream().collect(Collectors.groupingBy(
                r -> r.error() == null ? "answer" : r.error().kind().name(), Collectors.counting()));
        assertTrue(by.get("answer") > 100, by.toString());
    }

    @Test
    void aSweepCancelledOnceStillGivesEveryInputItsRecord() throws Exception {
        List<DnsResult> results = Collections.synchronizedList(new ArrayList<>());
        DnsSweepReport report = sweepCancelledAt("198.18.0.0/16", results, 300);
        assertEquals(65_536, results.size());
        Map<String, Long> by = report.outcomes().snapshot();
        assertTrue(by.get("CANCELLED") > 60_000, by.toString());
        assertTrue(by.get("NOERROR") > 100, by.toString());
    }

    /** A rate-limited sweep of {@code range} against the testbed, cancelled at each of {@code cancelMillis}. */
    private static DnsSweepReport sweepCancelledAt(String range, List<DnsResult> results, long... cancelMillis)
            throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            DnsEngineConfig config = DnsEngineConfig.builder().resolver(testbed.address()).build();
            RunControl control = new RunControl(Duration.ofMillis(100));
            for (long millis : cancelMillis) {
                cancelAfter(control, millis, timer);
            }
            return DnsSweep.run(RunSpec.builder(config,
                    DnsTargets.reverse(lines(range + "\n"), 1 << 24), new ListSink<>(results))
                    .limits(new RunLimits(100, 2000)).listener(p -> { }).control(control).build());
        } finally {
            timer.shutdownNow();
        }
    }
}
