package dev.bulkfetch.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The client TLS context of a run, built once: certificates and host names verified against the
 * JDK's trust store, unless the user asked for {@code --insecure}. Each connection gets a handler
 * that sends the host name (SNI) and checks the certificate matches it.
 */
final class TlsContexts {
    private final boolean verify;
    private SslContext context;

    TlsContexts(boolean insecure) {
        this.verify = !insecure;
    }

    /** Built on first use: loading the trust store costs about half a second a plain-http run need not pay. */
    private SslContext context() {
        if (context == null) {
            try {
                SslContextBuilder b = SslContextBuilder.forClient();
                if (!verify) {
                    b.trustManager(InsecureTrustManagerFactory.INSTANCE);
                }
                context = b.build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
            }
        }
        return context;
    }

    /** A handler for one connection to {@code host}; the handshake must finish within the timeout. */
    SslHandler newHandler(ByteBufAllocator alloc, HttpUrl url, long handshakeTimeoutMillis) {
        SslHandler handler = context().newHandler(alloc, url.host(), url.port());
        SSLEngine engine = handler.engine();
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm(verify ? "HTTPS" : null);
        engine.setSSLParameters(params);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }
}
