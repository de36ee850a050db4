package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import io.netty.handler.codec.http.HttpHeaderNames;

/**
 * Follows a redirect response: checks the fetch's limit, resolves the Location against the URL that was
 * asked (http and https only), and sends the fetch on at once or when its {@link RedirectGate} says so.
 */
final class RedirectFollower {
    private final FetchStarter starter;
    private final FetchFinisher finisher;

    RedirectFollower(FetchStarter starter, FetchFinisher finisher) {
        this.starter = starter;
        this.finisher = finisher;
    }

    /** True when the response of {@code ex} redirects and the fetch asks for redirects to be followed. */
    static boolean redirects(Exchange ex) {
        return isRedirect(ex.status()) && ex.header(HttpHeaderNames.LOCATION) != null
                && ex.fetch().options().follow() > 0;
    }

    /** Sends the fetch of {@code ex} on to the Location, or ends it with the reason it cannot go. */
    void follow(Exchange ex) {
        Fetch f = ex.fetch();
        int follow = f.options().follow();
        if (f.redirectCount() >= follow) {
            finisher.fail(f, ex, BulkError.of(ErrorKind.TOO_MANY_REDIRECTS, "more than " + follow + " redirects"));
            return;
        }
        HttpUrl next;
        try {
            next = f.url().resolve(ex.header(HttpHeaderNames.LOCATION));
        } catch (IllegalArgumentException e) {
            // Security: only http and https are followed. A Location such as file:///etc/passwd is never
            // fetched, and is an error rather than a plain 3xx so that a list run with --follow shows it.
            finisher.fail(f, ex, BulkError.of(ErrorKind.REDIRECT_REFUSED, "redirect not followed: " + e.getMessage()));
            return;
        }
        f.redirectedTo(next);
        RedirectGate gate = f.options().gate();
        if (gate != null) {
            gate.hop(next, new RedirectHop(starter, finisher, f));
        } else {
            starter.begin(f);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
