package dev.bulkfetch.metrics.report;

import java.util.List;

/**
 * One line of a report plot.
 *
 * @param label  what the line shows, for the legend and its hover tooltip
 * @param run    index of the run it belongs to
 * @param colour CSS colour of the line
 * @param stroke how the line is drawn
 * @param points the data, in order; a point with a NaN value leaves a gap in the line
 */
record Series(String label, int run, String colour, Stroke stroke, List<Point> points) {
    /** One data point, in the units of the plot's axes. */
    record Point(double x, double y) {
    }

    /** Line styles, so that several figures of one run can share its colour. */
    enum Stroke {
        SOLID(null, "2"), DASHED("6 4", "1.5"), DOTTED("1.5 3", "1.5");

        final String dashArray;
        final String width;

        Stroke(String dashArray, String width) {
            this.dashArray = dashArray;
            this.width = width;
        }
    }

    Series {
        points = List.copyOf(points);
    }
}
