package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.IntervalPoint;
import dev.bulkfetch.metrics.PhaseRecorder;
import dev.bulkfetch.metrics.PhaseStats;
import dev.bulkfetch.metrics.RateKeeping;
import dev.bulkfetch.metrics.RunRecord;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {
    private static final Pattern PATH_POINT = Pattern.compile("[ML](-?[0-9.]+),(-?[0-9.]+)");

    @Test
    void onePercentilePlotPerPhaseWithValuesAndNoneForEmptyPhases() throws Exception {
        Map<String, Histogram> phases = new LinkedHashMap<>();
        phases.put("dns", histogram());
        phases.put("connect", uniform(1, 2000));
        phases.put("total", uniform(1, 10_000));
        phases.put("error", histogram());
        phases.put("service", uniform(1, 5000));
        Document doc = parse(render(run("http", phases, intervals(10), null)));

        assertEquals(List.of("connect", "total", "service"), attributes(doc, "//svg[@class='percentile-plot']",
                "data-phase"));
        assertEquals(List.of("connect", "total", "service"), attributes(doc, "//table[@class='phases']//tr[@data-phase]",
                "data-phase"));
        assertEquals(List.of("0"), attributes(doc, "//svg[@class='percentile-plot' and @data-phase='total']//path[@class='series']",
                "data-run"));
    }

    @Test
    void twoRunsOverlayEveryPercentilePlotAndKeepPhasesOnlyOneRunHas() throws Exception {
        Map<String, Histogram> a = new LinkedHashMap<>();
        a.put("dns", uniform(100, 900));
        a.put("total", uniform(1, 10_000));
        Map<String, Histogram> b = new LinkedHashMap<>();
        b.put("dns", uniform(200, 2000));
        b.put("total", uniform(1, 20_000));
        b.put("tls", uniform(500, 800));
        Document doc = parse(render(run("before", a, intervals(5), null), run("after", b, intervals(7), null)));

        assertEquals(List.of("dns", "total", "tls"), attributes(doc, "//svg[@class='percentile-plot']",
                "data-phase"));
        for (String phase : List.of("dns", "total")) {
            assertEquals(List.of("0", "1"), attributes(doc, "//svg[@class='percentile-plot' and @data-phase='" + phase + "']//path[@class='series']",
                    "data-run"), phase);
        }
        assertEquals(List.of("1"), attributes(doc, "//svg[@class='percentile-plot' and @data-phase='tls']//path[@class='series']", "data-run"));
        assertEquals(List.of("0", "1"), attributes(doc, "//div[@class='outcomes']", "data-run"));
        assertEquals(List.of("0", "1"), attributes(doc, "//table[@class='settings']", "data-run"));
        // each run's p99 and p50 over time, in its colour
        assertEquals(List.of("0", "0", "1", "1"), attributes(doc,
                "//svg[@data-metric='latency']//path[@class='series']", "data-run"));
    }

    @Test
    void percentileCurveReachesTheStallAndTheYAxisCoversIt() throws Exception {
        Histogram total = uniform(1, 10_000);
        total.recordValueWithCount(10_000_000, 3); // a 10 s stall
        Document doc = parse(render(run("stall", Map.of("total", total), intervals(3), null)));

        List<Double> labels = numbers(doc, "//svg[@class='percentile-plot' and @data-phase='total']//text[@class='tick-y']");
        double top = labels.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(top >= total.getMaxValue() / 1000.0, "y axis up to " + top + " ms");
        assertTrue(top < 2 * total.getMaxValue() / 1000.0, "a round top near the max, not " + top);
        assertEquals(0.0, labels.get(0));

        List<String> x = texts(doc, "//svg[@class='percentile-plot' and @data-phase='total']//text[@class='tick-x']");
        assertEquals("0%", x.get(0));
        assertEquals("99.99%", x.get(x.size() - 1), "stops at the data's 1 in 10003: " + x);

        // the curve rises to its highest point at its right end, inside the plot
        List<double[]> points = pathPoints(doc, "//svg[@class='percentile-plot' and @data-phase='total']//path[@class='series']");
        double[] last = points.get(points.size() - 1);
        for (double[] p : points) {
            assertTrue(p[1] >= last[1], "the max is the highest point");
            assertTrue(p[0] <= last[0], "the max is the rightmost point");
            assertInsidePlot(p);
        }
    }

    @Test
    void modelTextIsEscapedAndNeverBecomesMarkup() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--header", "<script>alert(1)</script> & co");
        settings.put("--name", "Zürich \uD83D\uDE80 \"q\" 'a'");
        RunRecord r = new RunRecord("<b>evil</b> & sons", 0, 1, settings, Map.of("total", uniform(1, 100)),
                intervals(2), Map.of("<i>2xx</i>", 5L), Map.of("A&B", 1L), null);
        String html = render(r);
        Document doc = parse(html);

        assertFalse(html.contains("<script"), "no script element at all");
        assertFalse(html.contains("<b>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        assertEquals(List.of("<script>alert(1)</script> & co", "Zürich \uD83D\uDE80 \"q\" 'a'"),
                texts(doc, "//table[@class='settings']//td"));
        assertEquals("<b>evil</b> & sons", texts(doc, "//h1").get(0));
        assertEquals(0, doc.getElementsByTagName("script").getLength());
        assertEquals(0, doc.getElementsByTagName("b").getLength());
        assertTrue(texts(doc, "//div[@class='outcomes']//th").containsAll(List.of("<i>2xx</i>", "A&B")));
    }

    @Test
    void needsNoNetwork() throws Exception {
        String html = render(run("a", Map.of("total", uniform(1, 1000)), intervals(3), lateRate()),
                run("b", Map.of("total", uniform(1, 2000)), intervals(3), null));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("http://"));
        assertFalse(html.contains("https://"));
        assertFalse(html.contains("url("), "no style sheet resources");
        assertFalse(html.contains("@import"));
        NodeList all = parse(html).getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attributes = all.item(i).getAttributes();
            for (int j = 0; j < attributes.getLength(); j++) {
                String name = attributes.item(j).getNodeName();
                assertFalse(name.equals("src") || name.equals("href") || name.endsWith(":href")
                        || name.equals("xmlns"), all.item(i).getNodeName() + " has " + name);
            }
        }
    }

    @Test
    void rateWarningAppearsOnlyWhenTheRunFellBehind() throws Exception {
        RateKeeping behind = lateRate();
        assertTrue(behind.fellBehind());
        String late = render(run("late", Map.of("total", uniform(1, 100)), intervals(2), behind));
        assertTrue(late.contains("fell behind"));
        assertTrue(late.contains("in-flight cap"));
        assertEquals(1, texts(parse(late), "//p[@class='rate-warning']").size());

        RateKeeping lateButFast = new RateKeeping(1000, 990, 10_000, 500, 40, false);
        assertTrue(lateButFast.fellBehind());
        String jittery = render(run("jittery", Map.of("total", uniform(1, 100)), intervals(2), lateButFast));
        assertEquals(List.of("Warning: the run fell behind its schedule (over 1% of starts late)."),
                texts(parse(jittery), "//p[@class='rate-warning']"));

        RateKeeping kept = new RateKeeping(1000, 999.2, 10_000, 3, 12.5, false);
        assertFalse(kept.fellBehind());
        String onTime = render(run("on time", Map.of("total", uniform(1, 100)), intervals(2), kept));
        assertFalse(onTime.contains("fell behind"));
        assertEquals(0, nodes(parse(onTime), "//*[@class='rate-warning']").size());
        assertTrue(onTime.contains("999.2/s"), "achieved rate shown");
        assertTrue(onTime.contains("intended start"), "the coordinated omission note");

        String noRate = render(run("open loop", Map.of("total", uniform(1, 100)), intervals(2), null));
        assertFalse(noRate.contains("class=\"rate"));
        assertFalse(noRate.contains("fell behind"));
    }

    @Test
    void emptyIntervalsAndZeroDurationGiveNoTimePlots() throws Exception {
        RunRecord r = new RunRecord("instant", 0, 0, Map.of(), Map.of("total", uniform(5, 5)), List.of(),
                Map.of(), Map.of(), null);
        String html = render(r);
        Document doc = parse(html);
        assertTrue(html.contains("No interval data"));
        assertEquals(0, nodes(doc, "//svg[@class='time-plot']").size());
        assertEquals(1, nodes(doc, "//svg[@class='percentile-plot']").size());
        assertTrue(texts(doc, "//div[@class='outcomes']").get(0).contains("No results"));
    }

    @Test
    void throughputPlotHasOnePointPerInterval() throws Exception {
        Document doc = parse(render(run("a", Map.of("total", uniform(1, 1000)), intervals(30), null),
                run("b", Map.of("total", uniform(1, 1000)), intervals(12), null)));
        List<Node> plots = nodes(doc, "//svg[@class='time-plot' and @data-metric='throughput']");
        assertEquals(1, plots.size());
        assertEquals(30, pathPoints(doc, "//svg[@data-metric='throughput']//path[@data-run='0']").size());
        assertEquals(12, pathPoints(doc, "//svg[@data-metric='throughput']//path[@data-run='1']").size());
        // throughput falls in the test data, and SVG's y grows downwards
        List<double[]> a = pathPoints(doc, "//svg[@data-metric='throughput']//path[@data-run='0']");
        assertTrue(a.get(29)[1] > a.get(0)[1]);
    }

    @Test
    void singleRunLatencyOverTimeShowsP50P99AndMaxWithGapsWhereThePhaseIsMissing() throws Exception {
        List<IntervalPoint> intervals = new ArrayList<>(intervals(6));
        intervals.set(2, new IntervalPoint(2, 1, 0, Map.of())); // a stall: nothing completed
        Document doc = parse(render(run("a", Map.of("total", uniform(1, 1000)), intervals, null)));
        List<Node> series = nodes(doc, "//svg[@data-metric='latency']//path[@class='series']");
        assertEquals(3, series.size());
        String d = ((Element) series.get(0)).getAttribute("d");
        assertEquals(2, d.chars().filter(c -> c == 'M').count(), "the missing interval breaks the line: " + d);
        assertEquals(5, pathPoints(doc, "(//svg[@data-metric='latency']//path[@class='series'])[1]").size());
    }

    @Test
    void edgeCasesRenderWithoutErrors() throws Exception {
        Histogram single = histogram();
        single.recordValue(1234);
        Histogram equal = histogram();
        equal.recordValueWithCount(5000, 1_000_000);
        Histogram hour = uniform(1, 100);
        hour.recordValue(PhaseRecorder.HIGHEST_MICROS);
        Histogram huge = histogram();
        huge.recordValueWithCount(700, 1_000_000_000_000L);
        huge.recordValueWithCount(90_000, 1_000L);
        List<RunRecord> runs = new ArrayList<>();
        List<Map<String, Histogram>> shapes = List.of(Map.of("total", single), Map.of("total", equal),
                Map.of("total", hour), Map.of("rtt", huge), Map.of("total", histogram()), Map.of(),
                Map.of("total", uniform(3, 3)), Map.of("connect", single));
        for (int i = 0; i < shapes.size(); i++) {
            runs.add(new RunRecord("run", i * 1000L, i, Map.of(), shapes.get(i), i % 2 == 0 ? intervals(i) : List.of(),
                    Map.of("ok", (long) i), Map.of(), null));
        }
        StringWriter out = new StringWriter();
        HtmlReport.write(runs, out);
        Document doc = parse(out.toString());

        assertEquals(List.of("total", "rtt", "connect"), attributes(doc, "//svg[@class='percentile-plot']",
                "data-phase"));
        for (Node plot : nodes(doc, "//svg[@class='percentile-plot' or @class='time-plot']")) {
            List<Double> y = numbers(plot, ".//text[@class='tick-y']");
            assertTrue(y.size() >= 2 && y.get(y.size() - 1) > 0, "a y range with a height: " + y);
        }
        for (Node path : nodes(doc, "//path[@class='series']")) {
            for (double[] p : pathPoints(path)) {
                assertInsidePlot(p);
            }
        }
        assertFalse(pathPoints(doc, "//svg[@class='percentile-plot' and @data-phase='rtt']//path").isEmpty());
        // eight runs, eight colours
        assertEquals(8, nodes(doc, "//ul[@class='run-names']/li/span/@style").stream()
                .map(Node::getNodeValue).distinct().count());
        // identical labels are told apart
        assertTrue(texts(doc, "//ul[@class='run-names']/li").contains("run #8"));
        // the hour-long max in ms and the huge count
        String hourMax = String.format(Locale.ROOT, "%,.1f", hour.getMaxValue() / 1000.0);
        assertTrue(texts(doc, "//div[@data-run='2']//table[@class='phases']//td").contains(hourMax), hourMax);
        assertTrue(out.toString().contains("1,000,000,001,000"), "huge count");

        assertTrue(parse(render()).getElementsByTagName("h1").item(0).getTextContent().contains("no runs"));
    }

    // --- fixtures ---

    private static Histogram histogram() {
        return PhaseRecorder.newHistogram();
    }

    private static Histogram uniform(long fromMicros, long toMicros) {
        Histogram h = histogram();
        for (long v = fromMicros; v <= toMicros; v++) {
            h.recordValue(v);
        }
        return h;
    }

    /** One-second intervals, throughput falling and latency rising over time. */
    private static List<IntervalPoint> intervals(int n) {
        List<IntervalPoint> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double base = 1 + i;
            PhaseStats s = new PhaseStats(1000 - i, base / 2, base, base, base * 1.5, base * 2, base * 2.5,
                    base * 3, base * 4);
            out.add(new IntervalPoint(i, 1, 1000 - 10L * i, Map.of("total", s)));
        }
        return out;
    }

    private static RunRecord run(String label, Map<String, Histogram> phases, List<IntervalPoint> intervals,
                                 RateKeeping rate) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--concurrency", "100");
        settings.put("input", "targets.txt");
        Map<String, Long> outcomes = new LinkedHashMap<>();
        outcomes.put("2xx", 9_000L);
        outcomes.put("4xx", 500L);
        return new RunRecord(label, 1_700_000_000_000L, 10, settings, phases, intervals, outcomes,
                Map.of("CONNECT_REFUSED", 500L), rate);
    }

    private static RateKeeping lateRate() {
        return new RateKeeping(1000, 800, 8000, 2000, 1500, true);
    }

    private static String render(RunRecord... runs) throws IOException {
        StringWriter out = new StringWriter();
        HtmlReport.write(List.of(runs), out);
        return out.toString();
    }

    // --- reading the page back ---

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Node> nodes(Object context, String xpath) throws Exception {
        NodeList list = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, context,
                XPathConstants.NODESET);
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i));
        }
        return out;
    }

    private static List<String> attributes(Document doc, String xpath, String name) throws Exception {
        return nodes(doc, xpath).stream().map(n -> ((Element) n).getAttribute(name)).toList();
    }

    private static List<String> texts(Object context, String xpath) throws Exception {
        return nodes(context, xpath).stream().map(Node::getTextContent).toList();
    }

    private static List<Double> numbers(Object context, String xpath) throws Exception {
        return texts(context, xpath).stream().map(Double::parseDouble).toList();
    }

    private static List<double[]> pathPoints(Object context, String xpath) throws Exception {
        List<Node> paths = nodes(context, xpath);
        assertEquals(1, paths.size(), xpath);
        return pathPoints(paths.get(0));
    }

    private static List<double[]> pathPoints(Node path) {
        List<double[]> out = new ArrayList<>();
        Matcher m = PATH_POINT.matcher(((Element) path).getAttribute("d"));
        while (m.find()) {
            out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return out;
    }

    private static void assertInsidePlot(double[] p) {
        assertTrue(p[0] >= 0 && p[0] <= SvgPlot.WIDTH && p[1] >= 0 && p[1] <= SvgPlot.HEIGHT,
                "point inside the plot: " + p[0] + "," + p[1]);
    }
}
