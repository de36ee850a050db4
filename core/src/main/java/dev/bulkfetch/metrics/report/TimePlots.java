package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.IntervalPoint;
import dev.bulkfetch.metrics.PhaseStats;
import dev.bulkfetch.metrics.Phases;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The plots over time of the HTML report: latency per interval of one phase, and throughput. */
final class TimePlots {
    /** Max of a single run, drawn in grey so it does not compete with its percentiles. */
    private static final String MAX_COLOUR = "#8b949e";

    private TimePlots() {
    }

    static void write(Markup m, List<RunView> runs) {
        List<RunView> timed = runs.stream().filter(v -> !v.run().intervals().isEmpty()).toList();
        if (timed.isEmpty()) {
            m.element("p", "No interval data, so no plots over time.", "class", "empty");
            return;
        }
        for (RunView v : runs) {
            if (v.run().intervals().isEmpty()) {
                m.element("p", "No interval data for " + v.name() + ".", "class", "empty");
            }
        }
        Axis time = Axis.fromZero("time since start (s)", timed.stream()
                .mapToDouble(v -> end(v.run().intervals().get(v.run().intervals().size() - 1)))
                .max().orElse(0));
        m.open("div", "class", "plots");
        latency(m, time, timed, runs.size() > 1);
        throughput(m, time, timed, runs.size() > 1);
        m.close();
    }

    private static void latency(Markup m, Axis time, List<RunView> timed, boolean compare) {
        String phase = latencyPhase(timed);
        if (phase == null) {
            m.element("p", "No latency samples in the intervals.", "class", "empty");
            return;
        }
        List<Series> series = new ArrayList<>();
        for (RunView v : timed) {
            String prefix = compare ? v.name() + " " : "";
            // comparing runs, their p99 lines matter most; a lone run can afford its max as well
            series.add(latencyLine(v, phase, prefix + "p99", v.colour(), Series.Stroke.SOLID, PhaseStats::p99));
            series.add(latencyLine(v, phase, prefix + "p50", v.colour(), Series.Stroke.DASHED, PhaseStats::p50));
            if (!compare) {
                series.add(latencyLine(v, phase, "max", MAX_COLOUR, Series.Stroke.DOTTED, PhaseStats::max));
            }
        }
        m.open("figure");
        m.element("figcaption", "Latency per interval (" + phase + ")");
        SvgPlot.draw(m, time, Axis.fromZero("latency (ms)", maxY(series)), series,
                "class", "time-plot", "data-metric", "latency");
        SvgPlot.legend(m, series);
        m.close();
    }

    private static void throughput(Markup m, Axis time, List<RunView> timed, boolean compare) {
        List<Series> series = new ArrayList<>();
        for (RunView v : timed) {
            List<Series.Point> points = new ArrayList<>();
            for (IntervalPoint p : v.run().intervals()) {
                points.add(new Series.Point(end(p), p.throughput()));
            }
            series.add(new Series(v.name() + " results/s", v.index(), v.colour(), Series.Stroke.SOLID, points));
        }
        m.open("figure");
        m.element("figcaption", "Throughput per interval");
        SvgPlot.draw(m, time, Axis.fromZero("results/s", maxY(series)), series,
                "class", "time-plot", "data-metric", "throughput");
        if (compare) {
            SvgPlot.legend(m, series);
        }
        m.close();
    }

    /** {@code total} where there is one, else the first phase in report order that intervals have. */
    private static String latencyPhase(List<RunView> timed) {
        if (inIntervals(timed, Phases.TOTAL)) {
            return Phases.TOTAL;
        }
        for (String phase : PercentilePlots.phasesWithData(timed)) {
            if (inIntervals(timed, phase)) {
                return phase;
            }
        }
        return timed.stream().flatMap(v -> v.run().intervals().stream())
                .flatMap(p -> p.phases().keySet().stream()).sorted().findFirst().orElse(null);
    }

    private static boolean inIntervals(List<RunView> timed, String phase) {
        return timed.stream().anyMatch(v -> v.run().intervals().stream().anyMatch(p -> p.phases().containsKey(phase)));
    }

    /** One figure per interval, at the interval's end; intervals without the phase leave a gap. */
    private static Series latencyLine(RunView v, String phase, String label, String colour, Series.Stroke stroke,
                                      ToDoubleFunction<PhaseStats> figure) {
        List<Series.Point> points = new ArrayList<>();
        for (IntervalPoint p : v.run().intervals()) {
            PhaseStats s = p.phases().get(phase);
            points.add(new Series.Point(end(p), s == null ? Double.NaN : figure.applyAsDouble(s)));
        }
        return new Series(label, v.index(), colour, stroke, points);
    }

    private static double end(IntervalPoint p) {
        return p.startSeconds() + p.lengthSeconds();
    }

    private static double maxY(List<Series> series) {
        return series.stream().flatMap(s -> s.points().stream()).mapToDouble(Series.Point::y)
                .filter(Double::isFinite).max().orElse(0);
    }
}
