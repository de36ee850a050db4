package dev.bulkfetch.http;

/**
 * What may differ between the fetches of one engine: the crawl layer asks for {@code /robots.txt}
 * with a GET, its own redirect limit and size cap, and the body kept, whatever the run's settings.
 *
 * @param follow   redirects followed at most
 * @param maxBody  decoded body bytes at most; more ends the fetch as BODY_TOO_LARGE (with the bytes
 *                 read so far in the result when {@code keepBody})
 * @param keepBody put the decoded body into the result
 * @param head     send HEAD instead of GET
 * @param gate     when a redirect hop may be sent, or null to follow at once
 */
public record FetchOptions(int follow, long maxBody, boolean keepBody, boolean head, RedirectGate gate) {

    public FetchOptions {
        if (follow < 0 || maxBody < 0) {
            throw new IllegalArgumentException("follow and max body must not be negative");
        }
    }

    /** Options whose redirects are followed at once. */
    public FetchOptions(int follow, long maxBody, boolean keepBody, boolean head) {
        this(follow, maxBody, keepBody, head, null);
    }

    /** These options with redirect hops sent when the gate says so. */
    public FetchOptions withGate(RedirectGate redirectGate) {
        return new FetchOptions(follow, maxBody, keepBody, head, redirectGate);
    }

    /** The options every fetch of a run with these settings gets. */
    public static FetchOptions of(HttpEngineConfig config) {
        return new FetchOptions(config.follow(), config.maxBody(), config.keepBodies(), config.head());
    }
}
