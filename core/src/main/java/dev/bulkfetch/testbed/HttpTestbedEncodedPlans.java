package dev.bulkfetch.testbed;

import dev.bulkfetch.testbed.HttpTestbedCompression.Format;

/**
 * Plans for the paths whose body carries a content coding: gzip, x-gzip, zlib and raw deflate, concatenated
 * gzip members, the same sent chunked, and the gzip bomb.
 */
final class HttpTestbedEncodedPlans {
    /** Compressed bytes per chunk of the bomb: small enough that a client sees many chunks early. */
    private static final int BOMB_CHUNK = 16 * 1024;

    private HttpTestbedEncodedPlans() {
    }

    static HttpTestbedPlan plan(HttpTestbedRoute route, HttpTestbedRequest request) {
        long length = route.first();
        int chunk = (int) route.second();
        return switch (route.endpoint()) {
            case GZIP -> fixed(request, "gzip", Format.GZIP, length);
            case X_GZIP -> fixed(request, "x-gzip", Format.GZIP, length);
            case DEFLATE -> fixed(request, "deflate", Format.ZLIB, length);
            case DEFLATE_RAW -> fixed(request, "deflate", Format.RAW_DEFLATE, length);
            case GZIP_MULTI -> fixed(request, "gzip", Format.GZIP_TWO_MEMBERS, length);
            case GZIP_CHUNKED -> chunked(request, "gzip", compressed(Format.GZIP, length).open(), chunk);
            case DEFLATE_CHUNKED -> chunked(request, "deflate", compressed(Format.ZLIB, length).open(), chunk);
            case GZIP_BOMB -> chunked(request, "gzip", new HttpTestbedGzipBomb(length), BOMB_CHUNK);
            default -> throw new IllegalArgumentException("not an encoded path: " + route);
        };
    }

    private static HttpTestbedPlan fixed(HttpTestbedRequest request, String coding, Format format, long length) {
        return HttpTestbedPlanner.fixedLength(request, head(coding), compressed(format, length));
    }

    private static HttpTestbedPlan chunked(HttpTestbedRequest request, String coding, HttpTestbedSource body, int chunk) {
        return HttpTestbedPlanner.chunked(request, head(coding), HttpTestbedChunkedFrames.plain(body, chunk));
    }

    private static HttpTestbedPayload compressed(Format format, long length) {
        return HttpTestbedPayload.bytes(HttpTestbedCompression.pattern(format, length));
    }

    private static HttpTestbedHead head(String coding) {
        return HttpTestbedHead.status(200)
                .header("Content-Type", HttpTestbedPlanner.OCTETS)
                .header("Content-Encoding", coding);
    }
}
