package dev.bulkfetch.crawl.robots;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.http.FetchOptions;
import dev.bulkfetch.http.HttpFetchResult;

/**
 * Turns the fetch of a host's robots.txt into its rules (RFC 9309 2.3.1): a 2xx body is parsed (at most
 * its first {@link RobotsRules#MAX_BYTES}), a 4xx allows all, a 5xx or an unreachable host disallows all,
 * more than five redirects count as unavailable (allow all).
 */
public final class RobotsVerdicts {
    /** GET whatever the run's method, five redirects, the size RFC 9309 asks crawlers to parse, body kept. */
    public static final FetchOptions ROBOTS_FETCH = new FetchOptions(5, RobotsRules.MAX_BYTES, true, false);

    private RobotsVerdicts() {
    }

    public static RobotsRules rules(HttpFetchResult r, String productToken) {
        byte[] body = r.payload().body();
        if (r.error() == null) {
            return RobotsRules.forStatus(r.status(), body == null ? new byte[0] : body, productToken);
        }
        ErrorKind kind = r.error().kind();
        if (kind == ErrorKind.BODY_TOO_LARGE && r.status() >= 200 && r.status() < 300 && body != null) {
            return RobotsRules.parse(body, productToken); // the first 500 KiB are the rules
        }
        if (kind == ErrorKind.TOO_MANY_REDIRECTS || kind == ErrorKind.REDIRECT_REFUSED) {
            return RobotsRules.allowAll();
        }
        return RobotsRules.disallowAll();
    }
}
