package dev.bulkfetch.testbed;

import io.netty.handler.ssl.SslContext;

/**
 * Where and how an {@link HttpTestbed} listens: the address to bind (loopback unless told otherwise), the
 * port (0 for an ephemeral one), the number of event loop threads, and whether it speaks HTTPS.
 *
 * <pre>{@code
 * HttpTestbedConfig config = HttpTestbedConfig.builder().host("127.0.0.1").port(0).build();
 * HttpTestbedConfig https = HttpTestbedConfig.builder()
 *         .tls(SslContextBuilder.forServer(key, certificateChain).build()).build();
 * }</pre>
 *
 * @param host the IP literal or name to bind; default {@value #DEFAULT_HOST}
 * @param port the port to bind, 0 to let the kernel pick a free one
 * @param eventLoopThreads event loop threads serving connections; default 1
 * @param tls a server-side context to serve HTTPS with, or null (the default) for plain HTTP
 */
public record HttpTestbedConfig(String host, int port, int eventLoopThreads, SslContext tls) {
    /** Loopback: the testbed never listens beyond this machine unless told to. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Validates the settings; see the record components for their meaning. */
    public HttpTestbedConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (eventLoopThreads < 1) {
            throw new IllegalArgumentException("eventLoopThreads must be at least 1, got " + eventLoopThreads);
        }
        if (tls != null && !tls.isServer()) {
            throw new IllegalArgumentException("tls must be a server-side context (SslContextBuilder.forServer)");
        }
    }

    /** A builder starting from the defaults: 127.0.0.1, an ephemeral port, one thread, plain HTTP. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: 127.0.0.1, an ephemeral port, one thread, plain HTTP. */
    public static HttpTestbedConfig defaults() {
        return builder().build();
    }

    /** Collects the settings of an {@link HttpTestbedConfig}; {@link #build()} validates them. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port;
        private int eventLoopThreads = 1;
        private SslContext tls;

        private Builder() {
        }

        /** The IP literal or name to bind. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port to bind; 0 for an ephemeral one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Event loop threads serving connections. */
        public Builder eventLoopThreads(int eventLoopThreads) {
            this.eventLoopThreads = eventLoopThreads;
            return this;
        }

        /**
         * Serve HTTPS with this server-side context (its certificate chain, and whatever SNI handling it does);
         * null for plain HTTP.
         */
        public Builder tls(SslContext tls) {
            this.tls = tls;
            return this;
        }

        /** The config; throws {@link IllegalArgumentException} for an invalid setting. */
        public HttpTestbedConfig build() {
            return new HttpTestbedConfig(host, port, eventLoopThreads, tls);
        }
    }
}
