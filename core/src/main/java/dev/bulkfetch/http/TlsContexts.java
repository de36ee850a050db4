package dev.bulkfetch.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.nio.file.Path;
import java.util.List;

/**
 * The client TLS context of a run, built once: certificates and host names verified against the
 * JDK's trust store, or against the CAs of a PEM file when the user named one ({@code caFile}),
 * unless the user asked for {@code --insecure}. Each connection gets a handler that sends the host
 * name (SNI, with or without a dot in it) and checks the certificate matches it.
 */
final class TlsContexts {
    private final boolean verify;
    private final Path caFile;
    private SslContext context;

    /**
     * @param caFile PEM certificates to trust instead of the JDK's trust store, or null
     * @throws IllegalArgumentException when {@code caFile} cannot be read as PEM certificates
     */
    TlsContexts(boolean insecure, Path caFile) {
        this.verify = !insecure;
        this.caFile = verify ? caFile : null;
        if (this.caFile != null) {
            context(); // a file the user named is read now, so a bad one stops the run before its first fetch
        }
    }

    /** Built on first use: loading the trust store costs about half a second a plain-http run need not pay. */
    private SslContext context() {
        if (context == null) {
            try {
                SslContextBuilder b = SslContextBuilder.forClient();
                if (!verify) {
                    b.trustManager(InsecureTrustManagerFactory.INSTANCE);
                } else if (caFile != null) {
                    b.trustManager(caFile.toFile());
                }
                context = b.build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot use CA file " + caFile + ": " + e.getMessage(), e);
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
        params.setServerNames(serverNames(url));
        engine.setSSLParameters(params);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /**
     * The SNI of a connection, set here rather than left to the engine: the JDK sends none for a name without a
     * dot ({@code localhost}, {@code intranet}), where curl and browsers do, and a server that picks its
     * certificate by name then answers with the wrong one. IP literals get none (RFC 6066 section 3: SNI carries
     * host names only), and so does a name {@link SNIHostName} refuses ({@code _} in a label): the handshake
     * goes on without SNI, as it would have before, instead of failing the fetch.
     */
    private static List<SNIServerName> serverNames(HttpUrl url) {
        if (url.literal()) {
            return List.of();
        }
        String host = url.host();
        // RFC 6066 section 3: "without a trailing dot"
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        try {
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
