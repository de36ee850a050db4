package dev.bulkfetch.metrics.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a microsecond histogram into the points of a percentile plot the way HdrHistogram's plotter
 * draws them: x is log10(1/(1-p)), so 90%, 99%, 99.9%... are evenly spaced, and y is milliseconds.
 */
final class PercentileCurve {
    /** Steps per halving of the remaining distance to 100%, as in {@code .hgrm} files. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private PercentileCurve() {
    }

    /** The curve of a histogram with values; the last point is its maximum. */
    static List<Series.Point> points(Histogram h) {
        List<Series.Point> out = new ArrayList<>();
        double lastX = 0;
        for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
            double p = v.getPercentileLevelIteratedTo();
            double x;
            if (p >= 100) {
                // 100% lies at infinity on this axis; the largest of n values stands for the 1-in-n
                // level, drawn at least as far as 90% so a single value still makes a visible line.
                x = Math.max(lastX, Math.log10(Math.max(10, h.getTotalCount())));
            } else {
                x = Math.log10(100 / (100 - p));
            }
            lastX = x;
            out.add(new Series.Point(x, v.getValueIteratedTo() / 1000.0));
        }
        return out;
    }

    /** The percentile axis up to {@code maxX} (at least 90%), with a tick at each added nine. */
    static Axis axis(double maxX) {
        double top = Double.isFinite(maxX) ? Math.max(1, maxX) : 1;
        List<Axis.Tick> ticks = new ArrayList<>();
        for (int k = 0; k <= Math.floor(top + 1e-9); k++) {
            ticks.add(new Axis.Tick(k, label(k)));
        }
        return new Axis("percentile", 0, top, ticks);
    }

    /** 0%, 90%, 99%, 99.9%...: the level whose x is {@code nines}. */
    static String label(int nines) {
        return switch (nines) {
            case 0 -> "0%";
            case 1 -> "90%";
            case 2 -> "99%";
            default -> "99." + "9".repeat(nines - 2) + "%";
        };
    }
}
