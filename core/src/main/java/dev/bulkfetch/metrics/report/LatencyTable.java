package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.PhaseStats;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The end-of-run percentile table, one aligned row per phase with values, in milliseconds. */
public final class LatencyTable {
    private static final String[] COLUMNS = {"count", "min", "mean", "p50", "p90", "p99", "p99.9", "p99.99", "max"};

    private LatencyTable() {
    }

    /** Prints the table, indented by two spaces; phases without values are left out. */
    public static void print(PrintStream out, Map<String, Histogram> phases) {
        int nameWidth = phases.entrySet().stream().filter(e -> e.getValue().getTotalCount() > 0)
                .mapToInt(e -> e.getKey().length() + 1).max().orElse(0);
        nameWidth = Math.max(8, nameWidth);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-" + nameWidth + "s", "ms"));
        head.append(String.format(Locale.ROOT, "%12s", COLUMNS[0]));
        for (int i = 1; i < COLUMNS.length; i++) {
            head.append(String.format(Locale.ROOT, "%10s", COLUMNS[i]));
        }
        out.println(head);
        for (Map.Entry<String, Histogram> e : phases.entrySet()) {
            String name = e.getKey();
            Histogram h = e.getValue();
            if (h.getTotalCount() == 0) {
                continue;
            }
            PhaseStats s = PhaseStats.of(h);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + nameWidth + "s%,12d", name,
                    s.count()));
            for (double v : new double[] {s.min(), s.mean(), s.p50(), s.p90(), s.p99(), s.p999(), s.p9999(),
                s.max()}) {
                row.append(String.format(Locale.ROOT, "%10s", millis(v)));
            }
            out.println(row);
        }
    }

    /** A millisecond figure with precision that suits its size: 0.213, 12.40, 1520.1. */
    public static String millis(double ms) {
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.3f", ms);
        }
        return String.format(Locale.ROOT, ms < 1000 ? "%.2f" : "%.1f", ms);
    }
}
