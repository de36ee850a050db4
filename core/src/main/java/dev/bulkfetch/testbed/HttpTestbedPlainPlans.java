package dev.bulkfetch.testbed;

/**
 * Plans for the well-behaved paths: identity bodies (fixed length, chunked, endless), status codes,
 * redirects, interim responses and oversized heads.
 */
final class HttpTestbedPlainPlans {
    /** Sent before the final response of {@code /interim/N}: a 100 and a 103 with a Link header. */
    private static final byte[] INTERIM = HttpTestbedContent.ascii("HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n");
    private static final int FILLER_LINE = 100;
    private static final int ENDLESS_CHUNK = 4096;
    private static final long ENDLESS_TICK_MILLIS = 2;

    private HttpTestbedPlainPlans() {
    }

    static HttpTestbedPlan plan(HttpTestbedRoute route, HttpTestbedRequest request) {
        HttpTestbedPayload body = route.endpoint() == HttpTestbedEndpoint.ENDLESS_CHUNKED
                ? HttpTestbedPayload.pattern(Long.MAX_VALUE)
                : HttpTestbedContent.payload(route);
        HttpTestbedHead ok = HttpTestbedHead.status(200);
        return switch (route.endpoint()) {
            case BYTES -> HttpTestbedPlanner.fixedLength(request, ok.header("Content-Type", HttpTestbedPlanner.OCTETS), body);
            case CHUNKED -> HttpTestbedPlanner.chunked(request, ok.header("Content-Type", HttpTestbedPlanner.OCTETS),
                    HttpTestbedChunkedFrames.plain(body.open(), (int) route.second()));
            case CHUNKED_EXT -> HttpTestbedPlanner.chunked(request, ok.header("Content-Type", HttpTestbedPlanner.OCTETS)
                            .header("Trailer", HttpTestbedChunkedFrames.TRAILER_NAMES),
                    HttpTestbedChunkedFrames.extended(body.open(), (int) route.second()));
            case ENDLESS_CHUNKED -> HttpTestbedPlanner.chunked(request, ok.header("Content-Type", HttpTestbedPlanner.OCTETS),
                    HttpTestbedChunkedFrames.paced(body.open(), ENDLESS_CHUNK)).paced(ENDLESS_TICK_MILLIS);
            case STATUS -> status(request, (int) route.first(), body);
            case REDIRECT -> redirect(request, route.first(), "/redirect/", body);
            case REDIRECT_ABS -> redirect(request, route.first(), request.origin() + "/redirect-abs/", body);
            case INTERIM -> HttpTestbedPlanner.fixedLength(request, ok.header("Content-Type", HttpTestbedPlanner.OCTETS), body)
                    .prefixed(INTERIM);
            case HUGE_HEADERS -> HttpTestbedPlanner.fixedLength(request,
                    fillerHeaders(ok, route.first()).header("Content-Type", HttpTestbedPlanner.TEXT), body);
            case MANY_HEADERS -> HttpTestbedPlanner.fixedLength(request,
                    numberedHeaders(ok, route.first()).header("Content-Type", HttpTestbedPlanner.TEXT), body);
            default -> throw new IllegalArgumentException("not a plain path: " + route);
        };
    }

    private static HttpTestbedPlan status(HttpTestbedRequest request, int code, HttpTestbedPayload body) {
        HttpTestbedHead head = HttpTestbedHead.status(code);
        if (HttpTestbedContent.hasNoStatusBody(code)) {
            return HttpTestbedPlanner.finish(request, head, HttpTestbedFrames.NONE);
        }
        return HttpTestbedPlanner.fixedLength(request, head.header("Content-Type", HttpTestbedPlanner.TEXT), body);
    }

    private static HttpTestbedPlan redirect(HttpTestbedRequest request, long hops, String next, HttpTestbedPayload body) {
        HttpTestbedHead head = hops == 0
                ? HttpTestbedHead.status(200)
                : HttpTestbedHead.status(302).header("Location", next + (hops - 1));
        return HttpTestbedPlanner.fixedLength(request, head.header("Content-Type", HttpTestbedPlanner.TEXT), body);
    }

    /**
     * Adds header lines of {@value #FILLER_LINE} bytes (line end included) totalling exactly {@code bytes};
     * the last line absorbs the remainder, and a total too small for one line adds nothing.
     */
    private static HttpTestbedHead fillerHeaders(HttpTestbedHead head, long bytes) {
        StringBuilder line = new StringBuilder(2 * FILLER_LINE);
        long remaining = bytes;
        for (int i = 0; remaining > 0; i++) {
            String name = "X-Filler-" + i + ": ";
            long length = remaining >= 2 * FILLER_LINE ? FILLER_LINE : remaining;
            int padding = (int) length - name.length() - head.lineEnd().length();
            if (padding < 1) {
                break;
            }
            line.setLength(0);
            line.append(name);
            for (int p = 0; p < padding; p++) {
                line.append((char) ('a' + (i + p) % 26));
            }
            head.rawLine(line.append(head.lineEnd()));
            remaining -= length;
        }
        return head;
    }

    private static HttpTestbedHead numberedHeaders(HttpTestbedHead head, long count) {
        for (long i = 0; i < count; i++) {
            head.header("X-Header-" + i, i);
        }
        return head;
    }
}
