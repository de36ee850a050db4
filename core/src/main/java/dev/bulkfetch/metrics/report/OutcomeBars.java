package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.RunRecord;

import java.util.Locale;
import java.util.Map;

/** The outcome breakdown of one run: a bar per outcome and per error kind, with counts and shares. */
final class OutcomeBars {
    private OutcomeBars() {
    }

    static void write(Markup m, RunView v, boolean named) {
        RunRecord r = v.run();
        m.open("div", "class", "outcomes", "data-run", String.valueOf(v.index()));
        if (named) {
            RunOverview.heading(m, "h3", v);
        }
        long total = r.results();
        if (total == 0) {
            m.element("p", "No results.", "class", "empty");
        } else {
            m.open("table", "class", "bars");
            m.open("tbody");
            rows(m, r.outcomes(), total, "outcome");
            rows(m, r.errors(), total, "error");
            m.close().close();
        }
        m.close();
    }

    private static void rows(Markup m, Map<String, Long> counts, long total, String kind) {
        counts.forEach((label, n) -> {
            // a sliver for tiny shares, so that a rare error still shows up
            double width = n > 0 ? Math.max(0.4, 100.0 * n / total) : 0;
            m.open("tr", "class", kind);
            m.element("th", label);
            m.open("td", "class", "bar");
            m.open("div", "style", String.format(Locale.ROOT, "width:%.2f%%", width)).close();
            m.close();
            m.element("td", Figures.count(n));
            m.element("td", Figures.percent(n, total));
            m.close();
        });
    }
}
