package dev.bulkfetch.metrics.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws a line plot as inline SVG (gridlines and labelled ticks from two {@link Axis}, one path per
 * {@link Series}), and the HTML legend that goes with it. Colours and fonts come from the page's style
 * sheet where they do not depend on the data.
 */
final class SvgPlot {
    static final int WIDTH = 720;
    static final int HEIGHT = 340;
    private static final int LEFT = 72;
    private static final int RIGHT = 30;
    private static final int TOP = 14;
    private static final int BOTTOM = 50;
    private static final double PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final double PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    /** Rough width of a tick label character at the style sheet's 11px, to keep x labels apart. */
    private static final double CHAR_WIDTH = 6.4;

    private SvgPlot() {
    }

    /** One plot; {@code rootAttributes} (name, value pairs) go on the svg element. */
    static void draw(Markup m, Axis x, Axis y, List<Series> series, String... rootAttributes) {
        String[] own = {"viewBox", "0 0 " + WIDTH + " " + HEIGHT, "width", String.valueOf(WIDTH),
                "height", String.valueOf(HEIGHT), "role", "img"};
        String[] attributes = Arrays.copyOf(rootAttributes, rootAttributes.length + own.length);
        System.arraycopy(own, 0, attributes, rootAttributes.length, own.length);
        m.open("svg", attributes);
        m.element("title", y.title() + " by " + x.title());
        grid(m, x, y);
        m.empty("rect", "class", "frame", "x", px(LEFT), "y", px(TOP), "width", px(PLOT_WIDTH),
                "height", px(PLOT_HEIGHT));
        m.element("text", x.title(), "class", "axis-title", "x", px(LEFT + PLOT_WIDTH / 2),
                "y", px(HEIGHT - 10), "text-anchor", "middle");
        m.element("text", y.title(), "class", "axis-title", "transform", "rotate(-90)",
                "x", px(-(TOP + PLOT_HEIGHT / 2)), "y", "16", "text-anchor", "middle");
        for (Series s : series) {
            line(m, x, y, s);
        }
        m.close();
    }

    /** A legend of the lines' colours and strokes, as an HTML list under the plot. */
    static void legend(Markup m, List<Series> series) {
        m.open("ul", "class", "legend");
        for (Series s : series) {
            m.open("li");
            m.open("svg", "class", "key", "width", "28", "height", "10", "viewBox", "0 0 28 10");
            m.empty("line", "x1", "1", "y1", "5", "x2", "27", "y2", "5", "stroke", s.colour(),
                    "stroke-width", s.stroke().width, "stroke-dasharray", s.stroke().dashArray);
            m.close();
            m.text(s.label());
            m.close();
        }
        m.close();
    }

    private static void grid(Markup m, Axis x, Axis y) {
        m.open("g", "class", "grid");
        for (Axis.Tick t : y.ticks()) {
            String at = px(yPixel(y, t.value()));
            m.empty("line", "x1", px(LEFT), "x2", px(LEFT + PLOT_WIDTH), "y1", at, "y2", at);
            m.element("text", t.label(), "class", "tick-y", "x", px(LEFT - 6), "y", px(yPixel(y, t.value()) + 4),
                    "text-anchor", "end");
        }
        double labelledUpTo = Double.NEGATIVE_INFINITY;
        for (Axis.Tick t : x.ticks()) {
            double at = xPixel(x, t.value());
            m.empty("line", "x1", px(at), "x2", px(at), "y1", px(TOP), "y2", px(TOP + PLOT_HEIGHT));
            double halfWidth = t.label().length() * CHAR_WIDTH / 2;
            // many ticks (a percentile axis of a huge count) would print labels over each other
            if (at - halfWidth >= labelledUpTo + 4) {
                m.element("text", t.label(), "class", "tick-x", "x", px(at), "y", px(TOP + PLOT_HEIGHT + 16),
                        "text-anchor", "middle");
                labelledUpTo = at + halfWidth;
            }
        }
        m.close();
    }

    private static void line(Markup m, Axis x, Axis y, Series s) {
        StringBuilder d = new StringBuilder();
        List<double[]> lonely = new ArrayList<>();
        int inSegment = 0;
        double[] last = null;
        for (Series.Point p : s.points()) {
            if (!Double.isFinite(p.x()) || !Double.isFinite(p.y())) {
                if (inSegment == 1) {
                    lonely.add(last);
                }
                inSegment = 0;
                continue;
            }
            last = new double[] {xPixel(x, p.x()), yPixel(y, p.y())};
            if (d.length() > 0) {
                d.append(' ');
            }
            d.append(inSegment == 0 ? 'M' : 'L').append(px(last[0])).append(',').append(px(last[1]));
            inSegment++;
        }
        if (inSegment == 1) {
            lonely.add(last);
        }
        if (d.length() == 0) {
            return;
        }
        m.open("path", "class", "series", "data-run", String.valueOf(s.run()), "d", d.toString(), "fill", "none",
                "stroke", s.colour(), "stroke-width", s.stroke().width, "stroke-dasharray", s.stroke().dashArray,
                "stroke-linejoin", "round", "stroke-linecap", "round");
        m.element("title", s.label());
        m.close();
        // a point with no neighbour draws no line, so mark it
        for (double[] p : lonely) {
            m.empty("circle", "class", "dot", "cx", px(p[0]), "cy", px(p[1]), "r", "2.5", "fill", s.colour());
        }
    }

    private static double xPixel(Axis x, double value) {
        return LEFT + clamp(x.fraction(value)) * PLOT_WIDTH;
    }

    private static double yPixel(Axis y, double value) {
        return TOP + (1 - clamp(y.fraction(value))) * PLOT_HEIGHT;
    }

    private static double clamp(double fraction) {
        return Math.max(0, Math.min(1, fraction));
    }

    private static String px(double pixels) {
        return Figures.fixed(pixels, 1);
    }
}
