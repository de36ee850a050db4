package dev.bulkfetch.metrics;

import org.HdrHistogram.Histogram;

/**
 * The figures a report prints for one phase, in milliseconds.
 *
 * @param count how many values
 * @param min   smallest
 * @param mean  arithmetic mean
 * @param p50   median
 * @param p90   90th percentile
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param p9999 99.99th percentile
 * @param max   largest
 */
public record PhaseStats(long count, double min, double mean, double p50, double p90, double p99, double p999,
                         double p9999, double max) {

    /** The figures of a microsecond histogram; all zero when it is empty. */
    public static PhaseStats of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new PhaseStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new PhaseStats(h.getTotalCount(), ms(h.getMinValue()), h.getMean() / 1000.0,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getValueAtPercentile(99.99)), ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
