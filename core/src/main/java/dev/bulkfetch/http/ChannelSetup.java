package dev.bulkfetch.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;

/**
 * Assembles the pipeline of a connection, in the order bytes travel: [{@link SslHandler}] →
 * {@link WireBytesCounter} (bytes and their time, before decoding) → {@link ReadDeadlineHandler} →
 * {@link HeadAwareResponseDecoder} → {@link ResponseHandler} (parts to the connection). One place, so that
 * the engine and the tests that feed a connection bytes run the same pipeline.
 */
final class ChannelSetup {
    /** the name of the last handler: tests put a spy before it */
    static final String RESPONSE = "response";

    private ChannelSetup() {
    }

    /** Adds the handlers of {@code c} behind {@code ssl} (null over plain http) and tells the connection. */
    static void assemble(ChannelPipeline p, HttpConnection c, SslHandler ssl, HttpEngineConfig config) {
        if (ssl != null) {
            p.addLast("tls", ssl);
        }
        ReadDeadlineHandler deadlines = new ReadDeadlineHandler(c, config.firstByteTimeout().toNanos(),
                config.readTimeout().toNanos());
        HeadAwareResponseDecoder decoder = new HeadAwareResponseDecoder(c, config.maxHeaderBytes());
        c.installed(deadlines, decoder);
        p.addLast("wire", new WireBytesCounter(c));
        p.addLast("deadlines", deadlines);
        p.addLast("decoder", decoder);
        p.addLast(RESPONSE, new ResponseHandler(c));
    }
}
