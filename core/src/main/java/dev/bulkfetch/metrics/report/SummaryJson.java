package dev.bulkfetch.metrics.report;

import dev.bulkfetch.io.JsonText;
import dev.bulkfetch.metrics.PhaseStats;
import dev.bulkfetch.metrics.RateKeeping;
import dev.bulkfetch.metrics.RunRecord;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A run's summary as one JSON document: totals, throughput, outcome and error counts, how a constant
 * rate was kept, and per phase count/min/mean/p50/p90/p99/p99.9/p99.99/max in milliseconds.
 */
public final class SummaryJson {
    private SummaryJson() {
    }

    public static String of(RunRecord r) {
        StringBuilder sb = new StringBuilder(1024).append("{\"label\":");
        JsonText.string(sb, r.label());
        sb.append(",\"started\":");
        JsonText.string(sb, Instant.ofEpochMilli(r.startEpochMs()).toString());
        sb.append(",\"seconds\":").append(num(r.seconds()));
        sb.append(",\"results\":").append(r.results());
        sb.append(",\"throughput\":").append(num(r.throughput()));
        sb.append(",\"errors\":").append(r.errorCount());
        sb.append(",\"outcomes\":");
        counts(sb, r.outcomes());
        sb.append(",\"errorKinds\":");
        counts(sb, r.errors());
        sb.append(",\"rate\":");
        rate(sb, r.rate());
        sb.append(",\"unit\":\"ms\",\"phases\":{");
        boolean first = true;
        for (Map.Entry<String, org.HdrHistogram.Histogram> e : r.phases().entrySet()) {
            PhaseStats s = PhaseStats.of(e.getValue());
            if (s.count() == 0) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.string(sb, e.getKey());
            sb.append(":{\"count\":").append(s.count())
                    .append(",\"min\":").append(num(s.min()))
                    .append(",\"mean\":").append(num(s.mean()))
                    .append(",\"p50\":").append(num(s.p50()))
                    .append(",\"p90\":").append(num(s.p90()))
                    .append(",\"p99\":").append(num(s.p99()))
                    .append(",\"p99.9\":").append(num(s.p999()))
                    .append(",\"p99.99\":").append(num(s.p9999()))
                    .append(",\"max\":").append(num(s.max())).append('}');
        }
        sb.append("},\"settings\":{");
        first = true;
        for (Map.Entry<String, String> e : r.settings().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.string(sb, e.getKey()).append(':');
            JsonText.string(sb, e.getValue());
        }
        return sb.append("}}\n").toString();
    }

    private static void counts(StringBuilder sb, Map<String, Long> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Long> e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.string(sb, e.getKey()).append(':').append(e.getValue());
        }
        sb.append('}');
    }

    private static void rate(StringBuilder sb, RateKeeping k) {
        if (k == null) {
            sb.append("null");
            return;
        }
        sb.append("{\"requested\":").append(num(k.requestedPerSecond()))
                .append(",\"achieved\":").append(num(k.achievedPerSecond()))
                .append(",\"starts\":").append(k.starts())
                .append(",\"lateStarts\":").append(k.lateStarts())
                .append(",\"lateMs\":").append(RateKeeping.LATE_MILLIS)
                .append(",\"maxLagMs\":").append(num(k.maxLagMillis()))
                .append(",\"capReached\":").append(k.capReached())
                .append(",\"fellBehind\":").append(k.fellBehind()).append('}');
    }

    /** A finite JSON number with up to three decimals (microseconds when the unit is ms). */
    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s;
    }
}
