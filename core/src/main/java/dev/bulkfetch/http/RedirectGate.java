package dev.bulkfetch.http;

/**
 * Decides when a redirect hop may be sent: the crawl layer puts it in the line of the host it goes to,
 * so that the hop keeps that host's delay, caps and robots.txt like any other request. Without a gate
 * the engine follows at once. Called on the loop.
 */
@FunctionalInterface
public interface RedirectGate {
    /**
     * The fetch was redirected to {@code next} and waits: exactly one of {@link RedirectHop#proceed()} or
     * {@link RedirectHop#refuse} must follow, on the loop (either is ignored once the fetch has ended, at its
     * deadline say).
     */
    void hop(HttpUrl next, RedirectHop hop);
}
