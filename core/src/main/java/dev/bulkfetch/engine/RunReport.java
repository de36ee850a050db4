package dev.bulkfetch.engine;

import dev.bulkfetch.metrics.OutcomeCounts;
import org.HdrHistogram.Histogram;

import java.util.Map;

/** What every run reports at its end, whatever its kind: for the summary, the reports and the exit status. */
public interface RunReport {
    /** Counts and wall time. */
    RunOutcome outcome();

    /** Results by outcome name (an rcode, a status class) or error kind. */
    OutcomeCounts outcomes();

    /** Phase name to its latency histogram (microseconds), in phase order. */
    Map<String, Histogram> phases();
}
