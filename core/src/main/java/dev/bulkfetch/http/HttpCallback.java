package dev.bulkfetch.http;

/** Receives the result of one fetch, on the engine's event loop. */
@FunctionalInterface
public interface HttpCallback {
    void onResult(HttpFetchResult result);
}
