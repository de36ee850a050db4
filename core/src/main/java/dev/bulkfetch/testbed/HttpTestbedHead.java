package dev.bulkfetch.testbed;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Builds the raw bytes of a response head (status line, header lines, blank line). The testbed writes heads
 * itself rather than through Netty's encoder so that it can send exactly what a fault path needs: bare LF
 * line ends, an HTTP/1.0 status line, announced lengths the body never reaches.
 */
final class HttpTestbedHead {
    static final String CRLF = "\r\n";

    private final StringBuilder text = new StringBuilder(160);
    private final String lineEnd;

    private HttpTestbedHead(String version, int status, String lineEnd) {
        this.lineEnd = lineEnd;
        text.append(version).append(' ').append(status).append(' ')
                .append(HttpResponseStatus.valueOf(status).reasonPhrase()).append(lineEnd);
    }

    /** An {@code HTTP/1.1} head with CRLF line ends. */
    static HttpTestbedHead status(int status) {
        return new HttpTestbedHead("HTTP/1.1", status, CRLF);
    }

    /** A head with the given version and line end, for the paths that bend the framing. */
    static HttpTestbedHead of(String version, int status, String lineEnd) {
        return new HttpTestbedHead(version, status, lineEnd);
    }

    HttpTestbedHead header(String name, Object value) {
        text.append(name).append(": ").append(value).append(lineEnd);
        return this;
    }

    /** Appends an already formatted header line, line end included, for generated filler. */
    HttpTestbedHead rawLine(CharSequence line) {
        text.append(line);
        return this;
    }

    String lineEnd() {
        return lineEnd;
    }

    byte[] toBytes() {
        return HttpTestbedContent.ascii(text + lineEnd);
    }
}
