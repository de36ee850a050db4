package dev.bulkfetch.testbed;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link DnsTestbed} has seen and done, bumped on the event loops and read from any thread.
 * LongAdder keeps the per-query cost to an uncontended add even with several loops.
 */
final class DnsTestbedCounters {
    final LongAdder udpQueries = new LongAdder();
    final LongAdder tcpQueries = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder malformed = new LongAdder();
}
