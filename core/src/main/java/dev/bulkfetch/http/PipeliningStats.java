package dev.bulkfetch.http;

/**
 * How a run's origins pipelined, for the end-of-run summary: with the default {@code --pipeline auto} a user
 * should see which servers earned it (their latencies then include waits behind other responses) and which lost
 * requests to it.
 *
 * @param origins   origins (scheme, host, port) fetched from
 * @param pipelined origins whose connections carried more than one request at once
 * @param deepest   the deepest pipeline any of them carried
 * @param stopped   origins that lost pipelined requests (or replied ahead) and went on with one request per connection
 */
public record PipeliningStats(int origins, int pipelined, int deepest, int stopped) {
    public static final PipeliningStats NONE = new PipeliningStats(0, 0, 0, 0);

    /** The stats of two engines that split one run. */
    public PipeliningStats plus(PipeliningStats o) {
        return new PipeliningStats(origins + o.origins, pipelined + o.pipelined, Math.max(deepest, o.deepest),
                stopped + o.stopped);
    }
}
