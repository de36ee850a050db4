package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.PhaseRecorder;
import dev.bulkfetch.metrics.RateKeeping;
import dev.bulkfetch.metrics.RunRecord;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .hgrm files, the JSON summary and the stderr table, from known histograms. */
class ReportFilesTest {
    private static final Pattern HGRM_ROW = Pattern.compile(
            "^\\s+(\\d+\\.\\d+)\\s+(\\d\\.\\d+)\\s+(\\d+)\\s+(\\d+\\.\\d+|Infinity)$");

    /** 1..10,000 µs once each, plus a one-second outlier. */
    private static Histogram known(String tag) {
        Histogram h = PhaseRecorder.newHistogram();
        for (int v = 1; v <= 10_000; v++) {
            h.recordValue(v);
        }
        h.recordValue(1_000_000);
        h.setTag(tag);
        return h;
    }

    private static RunRecord run(Map<String, Histogram> phases, RateKeeping rate) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", "bulkfetch http");
        settings.put("-H", "X-Quote: \"q\" \\ back");
        return new RunRecord("http", 1_700_000_000_000L, 2.5, settings, phases, List.of(),
                new java.util.TreeMap<>(Map.of("2xx", 9_000L, "5xx", 1_000L)), Map.of("CONNECT_REFUSED", 1L), rate);
    }

    @Test
    void hgrmFilesHoldHdrHistogramsPercentileDistributionInMilliseconds(@TempDir Path dir) throws Exception {
        Map<String, Histogram> phases = new LinkedHashMap<>();
        phases.put("ttfb", known("ttfb"));
        phases.put("tls", PhaseRecorder.newHistogram());
        phases.put("total", known("total"));
        List<Path> files = HgrmFiles.write(dir.resolve("hgrm"), null, phases);
        assertEquals(List.of(dir.resolve("hgrm/ttfb.hgrm"), dir.resolve("hgrm/total.hgrm")), files);

        List<String> lines = Files.readAllLines(files.get(0));
        assertTrue(lines.get(0).trim().startsWith("Value"), lines.get(0));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines) {
            Matcher m = HGRM_ROW.matcher(line);
            if (m.matches()) {
                rows.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3))});
            }
        }
        assertTrue(rows.size() > 20, "rows " + rows.size());
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i)[0] >= rows.get(i - 1)[0] && rows.get(i)[1] >= rows.get(i - 1)[1]);
        }
        double[] median = rows.stream().filter(r -> r[1] >= 0.5).findFirst().orElseThrow();
        assertEquals(5.0, median[0], 0.01); // 5,000 µs shown as milliseconds
        double[] last = rows.get(rows.size() - 1);
        assertTrue(last[1] > 0.999, "last percentile " + last[1]);
        assertEquals(10_001, last[2]);
        assertEquals(1000.0, last[0], 1.0);
        String tail = String.join("\n", lines.subList(lines.size() - 3, lines.size()));
        assertTrue(tail.matches("(?s).*#\\[Max\\s+=\\s+1000\\.\\d+, Total count\\s+=\\s+10001].*"), tail);
    }

    @Test
    void summaryJsonHasTotalsOutcomesAndEveryPercentile() {
        Map<String, Histogram> phases = new LinkedHashMap<>();
        phases.put("total", known("total"));
        phases.put("error", PhaseRecorder.newHistogram());
        String json = SummaryJson.of(run(phases, new RateKeeping(500, 420, 1000, 300, 812.5, true)));
        assertTrue(json.startsWith("{") && json.endsWith("}\n"), json);
        assertTrue(json.contains("\"results\":10001,"), json);
        assertTrue(json.contains("\"throughput\":4000.4,"), json);
        assertTrue(json.contains("\"errors\":1,"), json);
        assertTrue(json.contains("\"outcomes\":{\"2xx\":9000,\"5xx\":1000}"), json);
        assertTrue(json.contains("\"errorKinds\":{\"CONNECT_REFUSED\":1}"), json);
        assertTrue(json.contains("\"rate\":{\"requested\":500,\"achieved\":420,\"starts\":1000,\"lateStarts\":300,"
                + "\"lateMs\":10,\"maxLagMs\":812.5,\"capReached\":true,\"fellBehind\":true}"), json);
        assertTrue(json.contains("\"total\":{\"count\":10001,\"min\":0.001,"), json);
        assertTrue(json.contains("\"p50\":5.003,\"p90\":9.007,\"p99\":9.903,\"p99.9\":9.991,\"p99.99\":10.007,"
                + "\"max\":1000.447}"), json);
        assertFalse(json.contains("\"error\":{"), "empty phases are left out: " + json);
        assertTrue(json.contains("\"-H\":\"X-Quote: \\\"q\\\" \\\\ back\""), json);
        assertEquals(count(json, '{'), count(json, '}'));
    }

    @Test
    void tableAlignsOneRowPerPhaseWithValues() {
        Map<String, Histogram> phases = new LinkedHashMap<>();
        phases.put("connect", known("connect"));
        phases.put("tls", PhaseRecorder.newHistogram());
        phases.put("total-2xx", known("total-2xx"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LatencyTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), phases);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("p99.99"), lines.get(0));
        assertTrue(lines.get(1).startsWith("  connect "), lines.get(1));
        assertTrue(lines.get(2).startsWith("  total-2xx "), lines.get(2));
        assertTrue(lines.get(2).contains("10,001") && lines.get(2).contains("5.003") && lines.get(2).endsWith("1000.4"),
                lines.get(2));
        assertEquals(lines.get(0).length(), lines.get(1).length());
        assertEquals(lines.get(1).length(), lines.get(2).length());
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
