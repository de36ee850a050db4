package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;

/** A redirected fetch waiting at its {@link RedirectGate}: sent on, or ended with an error. Loop-confined. */
public final class RedirectHop {
    private final FetchStarter starter;
    private final FetchFinisher finisher;
    private final Fetch fetch;

    RedirectHop(FetchStarter starter, FetchFinisher finisher, Fetch fetch) {
        this.starter = starter;
        this.finisher = finisher;
        this.fetch = fetch;
    }

    /** Sends the hop now. */
    public void proceed() {
        if (!fetch.done()) {
            starter.begin(fetch);
        }
    }

    /** Ends the fetch with this error (robots.txt forbids the hop, the run was cancelled). */
    public void refuse(BulkError error) {
        finisher.fail(fetch, null, error);
    }
}
