package dev.bulkfetch.metrics;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * Everything a latency report shows about one run, whether it was just measured or read back from an
 * interval log: the table, the JSON summary, the {@code .hgrm} files and the HTML report are all made
 * from this.
 *
 * @param label        a name for the run (the command, or the log file's name)
 * @param startEpochMs when the run started
 * @param seconds      how long it ran
 * @param settings     the run's settings, in display order (option to value)
 * @param phases       phase name to its cumulative histogram (microseconds), in report order
 * @param intervals    the run over time, in order
 * @param outcomes     results without error by label (a status class, an rcode)
 * @param errors       results with an error by kind
 * @param rate         how a constant-rate run kept its schedule, or null without {@code --rate}
 */
public record RunRecord(String label, long startEpochMs, double seconds, Map<String, String> settings,
                        Map<String, Histogram> phases, List<IntervalPoint> intervals, Map<String, Long> outcomes,
                        Map<String, Long> errors, RateKeeping rate) {
    public RunRecord {
        intervals = List.copyOf(intervals);
    }

    /** The same run under another name (to tell overlaid runs apart). */
    public RunRecord withLabel(String newLabel) {
        return new RunRecord(newLabel, startEpochMs, seconds, settings, phases, intervals, outcomes, errors, rate);
    }

    /**
     * Results of every kind: the outcome counts, or where there are none (a time range of a log,
     * another tool's log) the lookups and fetches finished in the intervals.
     */
    public long results() {
        long counted = sum(outcomes) + sum(errors);
        return counted > 0 ? counted : intervals.stream().mapToLong(IntervalPoint::completions).sum();
    }

    /** Results with an error. */
    public long errorCount() {
        return sum(errors);
    }

    /** Results per second over the whole run. */
    public double throughput() {
        return seconds <= 0 ? 0 : results() / seconds;
    }

    private static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }
}
