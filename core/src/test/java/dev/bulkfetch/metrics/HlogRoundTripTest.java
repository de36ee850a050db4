package dev.bulkfetch.metrics;

import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.engine.RunSpec;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.engine.DnsSweep;
import dev.bulkfetch.engine.DnsSweepReport;
import dev.bulkfetch.engine.Progress;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.engine.RunListener;
import dev.bulkfetch.engine.RunLimits;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interval log of a real run, read back by HdrHistogram's own reader and processor, and by bulkfetch. */
class HlogRoundTripTest {

    /** Writes the log as the CLI does: a line per phase and interval, outcomes at the end. */
    private record LogListener(HlogWriter log) implements RunListener {
        @Override
        public void progress(Progress p) {
        }

        @Override
        public void interval(IntervalSnapshot s) {
            log.interval(s);
        }

        @Override
        public Duration intervalLength() {
            return Duration.ofMillis(100);
        }
    }

    private static DnsSweepReport sweep(DnsTestbed testbed, Path hlog, double rate) throws Exception {
        DnsEngineConfig config = DnsEngineConfig.builder().resolver(testbed.address())
                .timeout(Duration.ofMillis(100)).retries(1).build();
        DnsTargets targets = DnsTargets.reverse(new InputArguments(List.of("198.18.0.0/21", "not-an-address"),
                new ByteArrayInputStream(new byte[0])), 1 << 20);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", "bulkfetch rdns");
        settings.put("--resolver", "[::1]:53 & <co>");
        DnsSweepReport report;
        try (HlogWriter log = HlogWriter.open(hlog, "rdns test", settings)) {
            report = DnsSweep.run(RunSpec.builder(config, targets, ResultSink.<DnsResult>discard())
                    .limits(new RunLimits(100, rate)).listener(new LogListener(log)).build());
            log.finish(report.outcomes().successes(), report.outcomes().errorKinds(), report.outcome().rate());
        }
        return report;
    }

    @Test
    void hdrHistogramReadsBackTheRunsCounts(@TempDir Path dir) throws Exception {
        Path hlog = dir.resolve("run.hlog");
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).nxdomainShare(0.2)
                .servfailShare(0.05).build())) {
            DnsSweepReport report = sweep(testbed, hlog, 4000);

            Map<String, Long> counts = new HashMap<>();
            int lines = 0;
            HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                lines++;
                counts.merge(e.getTag(), ((Histogram) e).getTotalCount(), Long::sum);
            }
            reader.close();
            long answered = report.outcomes().successes().values().stream().mapToLong(Long::longValue).sum();
            long failed = report.outcomes().errorKinds().entrySet().stream()
                    .filter(k -> !k.getKey().equals("INVALID_INPUT")).mapToLong(Map.Entry::getValue).sum();
            assertEquals(2048, answered + failed);
            assertEquals(answered, counts.get(Phases.TOTAL));
            assertEquals(failed, counts.get(Phases.ERROR));
            assertEquals(answered, counts.get(Phases.SERVICE));
            assertEquals(report.rtt().getTotalCount(), counts.get("rtt"));
            // a half-second run at 4,000/s cut every 100 ms: several intervals, four tags in each
            assertTrue(lines >= 4 * 4, "lines " + lines);
            assertEquals(0, lines % 4);

            // HdrHistogram's own processor turns the log into its percentile output
            Path out = dir.resolve("processed");
            new HistogramLogProcessor(new String[] {"-i", hlog.toString(), "-tag", Phases.TOTAL, "-o", out.toString(),
                "-outputValueUnitRatio", "1000"}).run();
            String hgrm = Files.readString(dir.resolve("processed.hgrm"));
            assertTrue(hgrm.matches("(?s).*Total count\\s+=\\s+" + answered + "].*"), hgrm);

            // bulkfetch reads it back whole: phases, outcomes, settings, schedule
            RunRecord run = HlogRun.read(hlog, 0, Double.MAX_VALUE);
            assertEquals("rdns test", run.label());
            assertEquals(report.outcomes().successes(), run.outcomes());
            assertEquals(report.outcomes().errorKinds(), run.errors());
            assertEquals(report.outcome().results(), run.results());
            assertEquals("[::1]:53 & <co>", run.settings().get("--resolver"));
            assertEquals(List.of("rtt", Phases.TOTAL, Phases.ERROR, Phases.SERVICE), List.copyOf(run.phases().keySet()));
            assertEquals(report.phases().get(Phases.TOTAL), run.phases().get(Phases.TOTAL));
            assertNotNull(run.rate());
            assertEquals(2049, run.rate().starts());
            assertEquals(lines / 4, run.intervals().size());
            assertEquals(answered + failed, run.intervals().stream().mapToLong(IntervalPoint::completions).sum());
        }
    }

    @Test
    void aTimeRangeKeepsOnlyItsIntervals(@TempDir Path dir) throws Exception {
        Path hlog = dir.resolve("run.hlog");
        try (DnsTestbed testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build())) {
            sweep(testbed, hlog, 4000);
            RunRecord all = HlogRun.read(hlog, 0, Double.MAX_VALUE);
            // from the middle of the intervals, whatever time a busy machine took for the run
            List<IntervalPoint> points = all.intervals();
            double middle = points.get(points.size() / 2).startSeconds();
            RunRecord late = HlogRun.read(hlog, middle, Double.MAX_VALUE);
            long allCount = all.phases().get(Phases.TOTAL).getTotalCount();
            long lateCount = late.phases().get(Phases.TOTAL).getTotalCount();
            assertTrue(lateCount > 0 && lateCount < allCount, lateCount + " of " + allCount);
            assertTrue(late.intervals().size() < all.intervals().size());
        }
    }

    @Test
    void aFileThatIsNotALogIsAClearError(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.hlog");
        Files.writeString(junk, "hello\nworld\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> HlogRun.read(junk, 0, Double.MAX_VALUE));
        assertTrue(e.getMessage().contains("junk.hlog"), e.getMessage());
    }
}
