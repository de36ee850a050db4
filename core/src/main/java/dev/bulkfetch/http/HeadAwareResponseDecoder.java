package dev.bulkfetch.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

import java.util.List;

/**
 * Netty's response decoder, told which responses answer HEAD requests: requests are written as raw
 * bytes (no HttpClientCodec to remember the method), and a HEAD response carries a Content-Length
 * with no body behind it.
 *
 * <p>Framing lies are Netty's to refuse, and it does: chunk sizes that are not hex or overflow, a
 * Content-Length that is negative or beyond a long, and two different Content-Length values fail the response
 * (MALFORMED_RESPONSE). So does a head with both Content-Length and Transfer-Encoding: RFC 9112 section 6.3 lets
 * the coding win but says such a message "ought to be handled as an error", as it is how responses are split;
 * bulkfetch keeps Netty's refusal.
 *
 * <p>When the engine captures exchanges for archiving, the bytes each decode step consumes go to the exchange
 * being answered: they are the response exactly as received, framing and compression included.
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
                .setStrictLineParsing(false)
                // one length written twice ("42, 42", or the line repeated by a proxy) is one length: RFC 9110
                // section 8.6 lets a recipient take it, as curl and browsers do; values that differ stay refused
                .setAllowDuplicateContentLengths(true));
        this.connection = connection;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (!connection.capturesWire()) {
            super.decode(ctx, in, out);
            return;
        }
        // Netty's decoder stops after the last part of a response: one step never reads into the next one
        int start = in.readerIndex();
        super.decode(ctx, in, out);
        connection.onConsumed(in, start, in.readerIndex() - start);
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
