package dev.bulkfetch.testbed;

/**
 * A request path the testbed cannot serve, with the status to answer it with: 404 for a path no endpoint
 * matches, 400 for a number that is malformed or out of bounds.
 */
final class HttpTestbedPathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpTestbedPathException(int status, String message) {
        super(message);
        this.status = status;
    }

    static HttpTestbedPathException notFound(String path) {
        return new HttpTestbedPathException(404, "no testbed path " + path);
    }

    static HttpTestbedPathException badNumber(HttpTestbedEndpoint.Bound bound, String text) {
        return new HttpTestbedPathException(400,
                bound.name() + " must be a decimal number from " + bound.min() + " to " + bound.max() + ", got " + text);
    }

    int status() {
        return status;
    }
}
