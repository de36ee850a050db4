package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.PhaseStats;
import dev.bulkfetch.metrics.RunRecord;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.Map;

/** The text of one run in the HTML report: headline figures, schedule keeping, phase table, settings. */
final class RunOverview {
    private static final String[] COLUMNS = {"phase", "count", "min", "mean", "p50", "p90", "p99", "p99.9",
            "p99.99", "max"};

    private RunOverview() {
    }

    /** Headline figures, the rate box of a constant-rate run and the table of phases with values. */
    static void write(Markup m, RunView v, boolean named) {
        RunRecord r = v.run();
        m.open("div", "class", "run", "data-run", String.valueOf(v.index()));
        if (named) {
            heading(m, "h3", v);
        }
        m.open("dl", "class", "figures");
        figure(m, "Start (UTC)", Instant.ofEpochMilli(r.startEpochMs()).toString());
        figure(m, "Duration", Figures.seconds(r.seconds()));
        figure(m, "Results", Figures.count(r.results()));
        figure(m, "Throughput", Figures.rate(r.throughput()));
        figure(m, "Errors", Figures.count(r.errorCount()) + " (" + Figures.percent(r.errorCount(), r.results())
                + ")");
        m.close();
        if (r.rate() != null) {
            RateBox.write(m, r.rate());
        }
        phaseTable(m, r.phases());
        m.close();
    }

    /** The run's settings in their order. */
    static void writeSettings(Markup m, RunView v, boolean named) {
        if (named) {
            heading(m, "h3", v);
        }
        m.open("table", "class", "settings", "data-run", String.valueOf(v.index()));
        m.open("tbody");
        if (v.run().settings().isEmpty()) {
            m.open("tr").element("td", "(none recorded)").close();
        }
        v.run().settings().forEach((k, val) -> m.open("tr").element("th", k).element("td", val).close());
        m.close().close();
    }

    /** A heading with the run's colour swatch, tying text sections to the plots' lines. */
    static void heading(Markup m, String tag, RunView v) {
        m.open(tag);
        m.open("span", "class", "swatch", "style", "background:" + v.colour()).close();
        m.text(v.name());
        m.close();
    }

    private static void figure(Markup m, String name, String value) {
        m.open("div").element("dt", name).element("dd", value).close();
    }

    private static void phaseTable(Markup m, Map<String, Histogram> phases) {
        if (phases.values().stream().allMatch(h -> h.getTotalCount() == 0)) {
            m.element("p", "No latency samples.", "class", "empty");
            return;
        }
        m.open("table", "class", "phases");
        m.open("thead").open("tr");
        for (String c : COLUMNS) {
            m.element("th", c);
        }
        m.close().close();
        m.open("tbody");
        phases.forEach((name, h) -> {
            if (h.getTotalCount() > 0) {
                PhaseStats s = PhaseStats.of(h);
                m.open("tr", "data-phase", name).element("th", name).element("td", Figures.count(s.count()));
                for (double ms : new double[] {s.min(), s.mean(), s.p50(), s.p90(), s.p99(), s.p999(), s.p9999(),
                        s.max()}) {
                    m.element("td", Figures.ms(ms));
                }
                m.close();
            }
        });
        m.close().close();
        m.element("p", "Times in milliseconds.", "class", "note");
    }
}
