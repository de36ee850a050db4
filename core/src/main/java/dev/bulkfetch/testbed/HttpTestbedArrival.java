package dev.bulkfetch.testbed;

/**
 * One request head as the HTTP testbed decoded it, so a test can check a client's politeness (pacing per
 * host, robots.txt first, retries after the advertised delay) from the server's side.
 *
 * @param epochMicros wall-clock time of decoding, microseconds since the epoch; derived from {@code nanoTime}
 *                    and one wall-clock reading at start, so it never runs backwards
 * @param nanoTime    {@link System#nanoTime()} at decoding, for intervals
 * @param host        the host name asked for: the Host header lower-cased without its port (the address the
 *                    connection arrived on when the request names no host)
 * @param path        the request target as sent (for an absolute-form target, its path), query included
 * @param localAddress the IP literal the connection arrived on, such as {@code 127.0.0.2}
 * @param remotePort  the client's port, which tells connections apart
 */
public record HttpTestbedArrival(long epochMicros, long nanoTime, String host, String path, String localAddress,
                                 int remotePort) {
}
