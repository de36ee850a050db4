package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.Phases;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The percentile distribution of the HTML report: one plot per phase with values, every run overlaid. */
final class PercentilePlots {
    private PercentilePlots() {
    }

    /** Phases with values in any run: the first run's order, then phases only later runs have. */
    static List<String> phasesWithData(List<RunView> runs) {
        Set<String> out = new LinkedHashSet<>();
        for (RunView v : runs) {
            v.run().phases().forEach((name, h) -> {
                if (h.getTotalCount() > 0) {
                    out.add(name);
                }
            });
        }
        return List.copyOf(out);
    }

    static void write(Markup m, List<RunView> runs) {
        List<String> phases = phasesWithData(runs);
        if (phases.isEmpty()) {
            m.element("p", "No latency samples.", "class", "empty");
            return;
        }
        m.open("div", "class", "plots");
        for (String phase : phases) {
            plot(m, phase, runs);
        }
        m.close();
    }

    private static void plot(Markup m, String phase, List<RunView> runs) {
        List<Series> series = new ArrayList<>();
        double maxX = 0;
        double maxY = 0;
        for (RunView v : runs) {
            Histogram h = v.run().phases().get(phase);
            if (h == null || h.getTotalCount() == 0) {
                continue;
            }
            List<Series.Point> points = PercentileCurve.points(h);
            for (Series.Point p : points) {
                maxX = Math.max(maxX, p.x());
                maxY = Math.max(maxY, p.y());
            }
            series.add(new Series(v.name() + " " + phase, v.index(), v.colour(), Series.Stroke.SOLID, points));
        }
        m.open("figure");
        m.element("figcaption", phase);
        SvgPlot.draw(m, PercentileCurve.axis(maxX), Axis.fromZero("latency (ms)", maxY), series,
                "class", "percentile-plot", "data-phase", phase);
        if (runs.size() > 1) {
            SvgPlot.legend(m, series);
        }
        m.close();
    }
}
