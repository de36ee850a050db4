package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngineStats;
import dev.bulkfetch.metrics.OutcomeCounts;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * What a DNS run did, for the end-of-run summary.
 *
 * @param outcome  counts and wall time of the run
 * @param outcomes results by rcode (answers) or error kind (failures)
 * @param phases   phase name (rtt, total, error, service) to its histogram in microseconds, in phase order
 * @param wire     what the engine saw on the wire
 */
public record DnsSweepReport(RunOutcome outcome, OutcomeCounts outcomes, Map<String, Histogram> phases,
                             DnsEngineStats wire) implements RunReport {

    /** Round trips of accepted replies, microseconds. */
    public Histogram rtt() {
        return phases.get("rtt");
    }
}
