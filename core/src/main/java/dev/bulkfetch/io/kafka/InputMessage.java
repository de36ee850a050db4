package dev.bulkfetch.io.kafka;

/**
 * One message of the input topic as the worker's reader sees it.
 *
 * @param partition  the input partition
 * @param epoch      the ledger epoch of that partition when it was polled ({@link WorkLedger#assigned})
 * @param offset     its offset in the partition
 * @param key        its key (the output record gets the same, so results of a host share a partition too)
 * @param text       the line (a URL, a name, an address, a CIDR block)
 * @param sourceLine the line number submit read it from (its header), or 0 when it has none
 * @param problem    why submit could not read the line as it was (its header), or null
 */
record InputMessage(int partition, int epoch, long offset, byte[] key, String text, long sourceLine, String problem) {
}
