package dev.bulkfetch.http;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's response decoder, told which responses answer HEAD requests: requests are written as raw
 * bytes (no HttpClientCodec to remember the method), and a HEAD response carries a Content-Length
 * with no body behind it.
 */
final class HeadAwareResponseDecoder extends HttpResponseDecoder {
    private final HttpConnection connection;

    HeadAwareResponseDecoder(HttpConnection connection, int maxHeaderBytes) {
        super(new io.netty.handler.codec.http.HttpDecoderConfig()
                .setMaxInitialLineLength(16 * 1024)
                .setMaxHeaderSize(maxHeaderBytes)
                .setMaxChunkSize(64 * 1024)
                // names and values are only read, never forwarded: validating every header byte
                // costs time on the loop and would turn odd-but-readable responses into errors
                .setValidateHeaders(false)
                // servers in the wild end header lines with a bare LF; a crawler must read them
                .setStrictLineParsing(false));
        this.connection = connection;
    }

    /** Bytes received and not yet consumed: what belongs to the responses after the current one. */
    int buffered() {
        return actualReadableBytes();
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (connection.headIsHead() && msg instanceof io.netty.handler.codec.http.HttpResponse r
                && r.status().code() >= 200) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }
}
