package dev.bulkfetch.io.kafka;

import java.util.SortedMap;

/**
 * What a submit sent.
 *
 * @param lines        input lines that gave messages
 * @param skipped      blank and comment lines passed over
 * @param messages     messages written (a line cut into blocks gives several)
 * @param perPartition messages per partition number, for the partitions that got any
 */
public record SubmitReport(long lines, long skipped, long messages, SortedMap<Integer, Long> perPartition) {
    public SubmitReport {
        perPartition = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(perPartition));
    }
}
