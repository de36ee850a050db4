package dev.bulkfetch.testbed;

/**
 * Plans for the paths that misbehave on purpose: late or slow bodies, bodies cut short by a reset or a
 * close, framing by connection close, bare LF line ends, and requests never answered.
 */
final class HttpTestbedFaultPlans {
    private HttpTestbedFaultPlans() {
    }

    static HttpTestbedPlan plan(HttpTestbedRoute route, HttpTestbedRequest request) {
        return switch (route.endpoint()) {
            case DELAY -> HttpTestbedPlanner.fixedLength(request, octets(HttpTestbedHead.status(200)),
                    HttpTestbedContent.payload(route)).delayed(route.first());
            case TRICKLE -> trickle(request, route.first(), route.second());
            case RESET -> truncated(route.first(), HttpTestbedPlan.Ending.RESET);
            case CLOSE -> truncated(route.first(), HttpTestbedPlan.Ending.CLOSE);
            case CLOSE_DELIMITED -> closeDelimited(
                    octets(HttpTestbedHead.status(200)).header("Connection", "close"), route.first());
            case HTTP10 -> closeDelimited(
                    octets(HttpTestbedHead.of("HTTP/1.0", 200, HttpTestbedHead.CRLF)), route.first());
            case BARE_LF -> HttpTestbedPlanner.fixedLength(request, octets(HttpTestbedHead.of("HTTP/1.1", 200, "\n")),
                    HttpTestbedContent.payload(route));
            case HANG -> HttpTestbedPlan.hang();
            default -> throw new IllegalArgumentException("not a fault path: " + route);
        };
    }

    /** The head at once, then one body byte per {@code millis}, the first after one interval. */
    private static HttpTestbedPlan trickle(HttpTestbedRequest request, long length, long millis) {
        HttpTestbedHead head = octets(HttpTestbedHead.status(200)).header("Content-Length", length);
        HttpTestbedSource body = HttpTestbedPayload.pattern(length).open();
        return HttpTestbedPlanner.finish(request, head, new HttpTestbedSliceFrames(body, 1)).paced(millis);
    }

    /** Announces {@code 2 * length} bytes, sends {@code length}, then ends the connection. */
    private static HttpTestbedPlan truncated(long length, HttpTestbedPlan.Ending ending) {
        HttpTestbedHead head = octets(HttpTestbedHead.status(200)).header("Content-Length", 2 * length);
        return HttpTestbedPlan.of(head.toBytes(), HttpTestbedSliceFrames.of(HttpTestbedPayload.pattern(length)), ending);
    }

    /** A body with neither length nor chunking: only the close tells the client it is complete. */
    private static HttpTestbedPlan closeDelimited(HttpTestbedHead head, long length) {
        return HttpTestbedPlan.of(head.toBytes(), HttpTestbedSliceFrames.of(HttpTestbedPayload.pattern(length)),
                HttpTestbedPlan.Ending.CLOSE);
    }

    private static HttpTestbedHead octets(HttpTestbedHead head) {
        return head.header("Content-Type", HttpTestbedPlanner.OCTETS);
    }
}
