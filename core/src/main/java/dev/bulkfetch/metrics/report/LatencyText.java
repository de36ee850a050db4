package dev.bulkfetch.metrics.report;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/** One-line percentile summaries of a microsecond histogram, in milliseconds, for people. */
public final class LatencyText {
    private LatencyText() {
    }

    /** {@code p50 0.213 ms  p90 ...  max ...}, or {@code no samples}. */
    public static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  max %s  (ms, n=%,d)",
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), h.getTotalCount());
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, micros < 10_000 ? "%.3f" : "%.1f", micros / 1000.0);
    }
}
