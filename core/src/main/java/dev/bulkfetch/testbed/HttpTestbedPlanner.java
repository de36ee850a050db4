package dev.bulkfetch.testbed;

/**
 * Turns a request into the plan of its response: routes the path to the family of paths it belongs to, and
 * holds the response shapes the families share (fixed length, chunked, short text) and the keep-alive rule.
 * The only state a plan depends on is the request count per (host, path) in {@link HttpTestbedAttempts}.
 */
final class HttpTestbedPlanner {
    static final String OCTETS = "application/octet-stream";
    static final String TEXT = "text/plain; charset=us-ascii";

    private HttpTestbedPlanner() {
    }

    static HttpTestbedPlan plan(HttpTestbedRequest request, HttpTestbedAttempts attempts) {
        HttpTestbedPlan plan;
        try {
            plan = forRoute(HttpTestbedRoute.parse(request.path()), request, attempts);
        } catch (HttpTestbedPathException e) {
            plan = text(request, HttpTestbedHead.status(e.status()), e.getMessage() + "\n");
        }
        return request.head() ? plan.withoutBody() : plan;
    }

    /** The answer to bytes the request decoder rejected; framing is lost, so the connection is closed. */
    static HttpTestbedPlan malformed() {
        HttpTestbedHead head = HttpTestbedHead.status(400).header("Connection", "close");
        byte[] body = HttpTestbedContent.ascii("malformed request\n");
        head.header("Content-Type", TEXT).header("Content-Length", body.length);
        return HttpTestbedPlan.of(head.toBytes(), HttpTestbedSliceFrames.of(HttpTestbedPayload.bytes(body)),
                HttpTestbedPlan.Ending.CLOSE);
    }

    private static HttpTestbedPlan forRoute(HttpTestbedRoute route, HttpTestbedRequest request,
                                            HttpTestbedAttempts attempts) {
        return switch (route.endpoint()) {
            case BYTES, CHUNKED, CHUNKED_EXT, STATUS, REDIRECT, REDIRECT_ABS, INTERIM, HUGE_HEADERS, MANY_HEADERS,
                    ENDLESS_CHUNKED -> HttpTestbedPlainPlans.plan(route, request);
            case GZIP, X_GZIP, DEFLATE, DEFLATE_RAW, GZIP_CHUNKED, DEFLATE_CHUNKED, GZIP_MULTI, GZIP_BOMB ->
                    HttpTestbedEncodedPlans.plan(route, request);
            case DELAY, TRICKLE, RESET, CLOSE, CLOSE_DELIMITED, HTTP10, BARE_LF, HANG ->
                    HttpTestbedFaultPlans.plan(route, request);
            case BAD_CHUNK_SIZE, NEGATIVE_LENGTH, OVERFLOW_LENGTH, LENGTH_AND_CHUNKED, DUPLICATE_LENGTH,
                    CONFLICTING_LENGTH ->
                    HttpTestbedFramingPlans.plan(route, request);
            case REPLY_AHEAD, NO_READ -> HttpTestbedTurnPlans.plan(route, request);
            case ROBOTS, ROBOTS_HOP -> HttpTestbedRobotsPlans.plan(route, request);
            case PAGE, FAIL_FIRST, RETRY_AFTER, RESET_FIRST, GO_TO -> HttpTestbedPagePlans.plan(route, request, attempts);
        };
    }

    /** {@code body} framed by Content-Length. */
    static HttpTestbedPlan fixedLength(HttpTestbedRequest request, HttpTestbedHead head, HttpTestbedPayload body) {
        head.header("Content-Length", body.length());
        return finish(request, head, HttpTestbedSliceFrames.of(body));
    }

    /** Chunked frames, announced by Transfer-Encoding. */
    static HttpTestbedPlan chunked(HttpTestbedRequest request, HttpTestbedHead head, HttpTestbedFrames frames) {
        head.header("Transfer-Encoding", "chunked");
        return finish(request, head, frames);
    }

    /** A short text body framed by Content-Length. */
    static HttpTestbedPlan text(HttpTestbedRequest request, HttpTestbedHead head, String body) {
        return fixedLength(request, head.header("Content-Type", TEXT), HttpTestbedPayload.text(body));
    }

    /**
     * Completes a well-framed response: the connection stays open unless the client asked to close it, in
     * which case the head says so and the testbed closes after the body.
     */
    static HttpTestbedPlan finish(HttpTestbedRequest request, HttpTestbedHead head, HttpTestbedFrames frames) {
        if (request.keepAlive()) {
            return HttpTestbedPlan.of(head.toBytes(), frames, HttpTestbedPlan.Ending.KEEP_ALIVE);
        }
        head.header("Connection", "close");
        return HttpTestbedPlan.of(head.toBytes(), frames, HttpTestbedPlan.Ending.CLOSE);
    }
}
