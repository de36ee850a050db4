package dev.bulkfetch.engine;

import dev.bulkfetch.http.PipeliningStats;
import dev.bulkfetch.metrics.OutcomeCounts;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * What an HTTP run did, for the end-of-run summary.
 *
 * @param outcome  counts and wall time
 * @param outcomes results by status class (2xx, 3xx...) or error kind
 * @param phases   phase name to its latency histogram (microseconds), in phase order
 * @param pipelining how the origins pipelined
 */
public record HttpRunReport(RunOutcome outcome, OutcomeCounts outcomes, Map<String, Histogram> phases,
                            PipeliningStats pipelining) implements RunReport {
}
