package dev.bulkfetch.io.kafka;

/**
 * What the lines of a submit are, which decides their message keys (and so their partitions) and
 * whether CIDR ranges are cut into blocks.
 */
public enum SubmitKind {
    /** URLs: keyed by (scheme, host, port), so one host's URLs share a partition and so a worker. */
    HTTP,
    /** Host names: keyed by a hash of the line. */
    DNS,
    /** Addresses, CIDR ranges (cut into blocks) and reverse names: keyed by a hash of the line. */
    RDNS
}
