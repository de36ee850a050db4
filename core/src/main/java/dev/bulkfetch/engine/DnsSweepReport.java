package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngineStats;
import dev.bulkfetch.metrics.OutcomeCounts;
import org.HdrHistogram.Histogram;

/**
 * What a DNS run did, for the end-of-run summary.
 *
 * @param outcome  counts and wall time of the run
 * @param outcomes results by rcode (answers) or error kind (failures)
 * @param rtt      round trips of accepted replies, microseconds
 * @param wire     what the engine saw on the wire
 */
public record DnsSweepReport(RunOutcome outcome, OutcomeCounts outcomes, Histogram rtt, DnsEngineStats wire) {
}
