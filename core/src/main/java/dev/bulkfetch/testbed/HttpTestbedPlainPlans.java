package dev.bulkfetch.testbed;

import static dev.bulkfetch.testbed.HttpTestbedContent.payload;
import static dev.bulkfetch.testbed.HttpTestbedPlanner.chunked;
import static dev.bulkfetch.testbed.HttpTestbedPlanner.finish;
import static dev.bulkfetch.testbed.HttpTestbedPlanner.fixedLength;

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
        int chunk = (int) route.second();
        return switch (route.endpoint()) {
            case BYTES -> fixedLength(request, octets(), payload(route));
            case CHUNKED -> chunked(request, octets(), HttpTestbedChunkedFrames.plain(payload(route).open(), chunk));
            case CHUNKED_EXT -> chunked(request, octets().header("Trailer", HttpTestbedChunkedFrames.TRAILER_NAMES),
                    HttpTestbedChunkedFrames.extended(payload(route).open(), chunk));
            case ENDLESS_CHUNKED -> chunked(request, octets(),
                    HttpTestbedChunkedFrames.paced(HttpTestbedPayload.pattern(Long.MAX_VALUE).open(), ENDLESS_CHUNK))
                    .paced(ENDLESS_TICK_MILLIS);
            case STATUS -> status(request, (int) route.first(), payload(route));
            case REDIRECT -> redirect(request, route.first(), "/redirect/", payload(route));
            case REDIRECT_ABS -> redirect(request, route.first(), request.origin() + "/redirect-abs/", payload(route));
            case INTERIM -> fixedLength(request, octets(), payload(route)).prefixed(INTERIM);
            case HUGE_HEADERS -> fixedLength(request, fillerHeaders(text(), route.first()), payload(route));
            case MANY_HEADERS -> fixedLength(request, numberedHeaders(text(), route.first()), payload(route));
            default -> throw new IllegalArgumentException("not a plain path: " + route);
        };
    }

    private static HttpTestbedHead octets() {
        return HttpTestbedHead.status(200).header("Content-Type", HttpTestbedPlanner.OCTETS);
    }

    private static HttpTestbedHead text() {
        return HttpTestbedHead.status(200).header("Content-Type", HttpTestbedPlanner.TEXT);
    }

    private static HttpTestbedPlan status(HttpTestbedRequest request, int code, HttpTestbedPayload body) {
        HttpTestbedHead head = HttpTestbedHead.status(code);
        if (HttpTestbedContent.hasNoStatusBody(code)) {
            return finish(request, head, HttpTestbedFrames.NONE);
        }
        return fixedLength(request, head.header("Content-Type", HttpTestbedPlanner.TEXT), body);
    }

    private static HttpTestbedPlan redirect(HttpTestbedRequest request, long hops, String next, HttpTestbedPayload body) {
        HttpTestbedHead head = hops == 0
                ? HttpTestbedHead.status(200)
                : HttpTestbedHead.status(302).header("Location", next + (hops - 1));
        return fixedLength(request, head.header("Content-Type", HttpTestbedPlanner.TEXT), body);
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
