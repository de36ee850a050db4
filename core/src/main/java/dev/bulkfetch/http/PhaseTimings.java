package dev.bulkfetch.http;

/**
 * How long each phase of a fetch took, in nanoseconds; -1 where the phase did not happen (no DNS
 * for an IP literal, no TLS for http, no connect on a reused connection).
 *
 * @param dns     name resolution
 * @param connect TCP connect
 * @param tls     TLS handshake
 * @param ttfb    request written to first response byte
 * @param total   fetch start to the end of the body (redirects included)
 */
public record PhaseTimings(long dns, long connect, long tls, long ttfb, long total) {
}
