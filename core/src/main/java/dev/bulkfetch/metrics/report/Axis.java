package dev.bulkfetch.metrics.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One axis of a report plot: the data range it spans and its labelled ticks. Both the percentile
 * plots (whose x values are already log-scaled) and the plots over time map data through it.
 *
 * @param title axis title, with its unit
 * @param min   data value at the start of the axis
 * @param max   data value at the end, above {@code min}
 * @param ticks labelled positions, in data values
 */
record Axis(String title, double min, double max, List<Tick> ticks) {
    /** A labelled position on an axis. */
    record Tick(double value, String label) {
    }

    Axis {
        if (!(max > min) || !Double.isFinite(max - min)) {
            throw new IllegalArgumentException("an axis needs a finite, non-empty range: " + min + ".." + max);
        }
        ticks = List.copyOf(ticks);
    }

    /** Where a value lies along the axis, 0 at its start and 1 at its end. */
    double fraction(double value) {
        return (value - min) / (max - min);
    }

    /**
     * A linear axis from zero to a round number at or above {@code dataMax}, in about five steps of
     * 1, 2 or 5 times a power of ten. An empty or zero range still gets a height, so that a run whose
     * values are all equal (or zero) is drawn as a flat line, not a division by zero.
     */
    static Axis fromZero(String title, double dataMax) {
        double top = Double.isFinite(dataMax) && dataMax > 0 ? dataMax : 1;
        double step = niceStep(top / 5);
        int steps = Math.max(1, (int) Math.ceil(top / step - 1e-9));
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        List<Tick> ticks = new ArrayList<>(steps + 1);
        for (int i = 0; i <= steps; i++) {
            ticks.add(new Tick(i * step, Figures.fixed(i * step, decimals)));
        }
        return new Axis(title, 0, steps * step, ticks);
    }

    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
