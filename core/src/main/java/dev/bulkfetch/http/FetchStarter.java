package dev.bulkfetch.http;

/** Starts (or starts again, after a redirect) a fetch at its current URL: resolve, then queue at its pool. */
@FunctionalInterface
interface FetchStarter {
    void begin(Fetch fetch);
}
