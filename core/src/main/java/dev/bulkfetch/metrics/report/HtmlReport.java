package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.RunRecord;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes one self-contained HTML latency report for one run, or several runs overlaid for comparison.
 * The page needs no network (inline style, SVG drawn here, no scripts) and is well-formed XML.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Writes the page for these runs, in this order; the writer is flushed, not closed. */
    public static void write(List<RunRecord> runs, Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        List<RunView> views = RunView.of(List.copyOf(runs));
        boolean compare = views.size() > 1;
        String title = views.isEmpty() ? "no runs"
                : views.stream().map(RunView::name).collect(Collectors.joining(" vs "));

        Markup m = new Markup();
        m.constant("<!DOCTYPE html>\n");
        m.open("html", "lang", "en");
        m.open("head");
        m.empty("meta", "charset", "utf-8");
        m.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        m.element("title", "bulkfetch latency: " + title);
        m.open("style").constant(ReportStyle.CSS).close();
        m.close();

        m.open("body");
        m.element("div", "bulkfetch latency report", "class", "kicker");
        m.element("h1", title);
        if (views.isEmpty()) {
            m.element("p", "No runs to report.", "class", "empty");
        } else {
            body(m, views, compare);
        }
        m.close().close();
        out.write(m.finish());
        out.flush();
    }

    private static void body(Markup m, List<RunView> views, boolean compare) {
        if (compare) {
            m.open("ul", "class", "run-names");
            for (RunView v : views) {
                RunOverview.heading(m, "li", v);
            }
            m.close();
        }
        section(m, "summary", compare ? "Runs" : "Summary");
        views.forEach(v -> RunOverview.write(m, v, compare));
        m.close();

        section(m, "percentiles", "Percentile distribution");
        m.element("p", "Latency (ms) at each percentile: the further right, the rarer; the right end is the"
                + " maximum.", "class", "note");
        PercentilePlots.write(m, views);
        m.close();

        section(m, "over-time", "Over time");
        TimePlots.write(m, views);
        m.close();

        section(m, "outcome-breakdown", "Outcomes");
        views.forEach(v -> OutcomeBars.write(m, v, compare));
        m.close();

        section(m, "run-settings", "Settings");
        views.forEach(v -> RunOverview.writeSettings(m, v, compare));
        m.close();
    }

    /** Opens a section with its heading; the caller closes it. */
    private static void section(Markup m, String id, String heading) {
        m.open("section", "id", id);
        m.element("h2", heading);
    }
}
