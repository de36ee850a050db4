package dev.bulkfetch.metrics.report;

import java.util.Locale;

/** Number formats of the HTML report, the same for every locale. */
final class Figures {
    private Figures() {
    }

    /** Milliseconds: three decimals where sub-millisecond detail matters, one above 10 ms. */
    static String ms(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.3f" : "%,.1f", ms);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Things per second. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.1f/s", perSecond);
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%,.1f s", seconds);
    }

    /** A share of a whole; tiny non-zero shares do not round to a misleading 0%. */
    static String percent(double part, double whole) {
        if (!(whole > 0)) {
            return "-";
        }
        double pct = 100.0 * part / whole;
        return part > 0 && pct < 0.01 ? "<0.01%" : String.format(Locale.ROOT, "%.2f%%", pct);
    }

    /** A number with a fixed count of decimals, for axis ticks and SVG coordinates. */
    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
