package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;

/** A redirected fetch waiting at its {@link RedirectGate}: sent on, or ended with an error. Loop-confined. */
public final class RedirectHop {
    private final HttpEngine engine;
    private final Fetch fetch;

    RedirectHop(HttpEngine engine, Fetch fetch) {
        this.engine = engine;
        this.fetch = fetch;
    }

    /** Sends the hop now. */
    public void proceed() {
        if (!fetch.done) {
            engine.begin(fetch);
        }
    }

    /** Ends the fetch with this error (robots.txt forbids the hop, the run was cancelled). */
    public void refuse(BulkError error) {
        engine.fail(fetch, null, error);
    }
}
