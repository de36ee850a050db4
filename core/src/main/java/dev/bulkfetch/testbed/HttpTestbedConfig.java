package dev.bulkfetch.testbed;

import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where and how an {@link HttpTestbed} listens: the loopback addresses to bind (all on one port), the port
 * (0 for an ephemeral one), the number of event loop threads, whether it speaks HTTPS, and how many request
 * arrivals it remembers.
 *
 * <pre>{@code
 * HttpTestbedConfig config = HttpTestbedConfig.builder().bindAddresses(List.of("127.0.0.1", "127.0.0.2")).build();
 * HttpTestbedConfig https = HttpTestbedConfig.builder()
 *         .tls(SslContextBuilder.forServer(key, certificateChain).build()).build();
 * }</pre>
 *
 * @param bindAddresses IPv4 literals in 127.0.0.0/8 to listen on, all on the same port; default
 *                      {@value #DEFAULT_HOST} alone. Loopback only: the testbed serves hostile content and
 *                      must never be reachable from elsewhere.
 * @param port the port to bind, 0 to let the kernel pick a free one
 * @param eventLoopThreads event loop threads serving connections; default 1
 * @param tls a server-side context to serve HTTPS with, or null (the default) for plain HTTP
 * @param maxArrivals request arrivals kept for {@link HttpTestbed#arrivals()}, older ones dropped; default
 *                    {@value #DEFAULT_MAX_ARRIVALS}
 * @param arrivalListener told of every arrival on the event loop that decoded it, so it must return at once
 *                        and never block (hand the arrival to another thread); null for none
 */
public record HttpTestbedConfig(List<String> bindAddresses, int port, int eventLoopThreads, SslContext tls,
                                int maxArrivals, Consumer<HttpTestbedArrival> arrivalListener) {
    /** The address bound unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Arrivals kept unless told otherwise. */
    public static final int DEFAULT_MAX_ARRIVALS = 1_000_000;

    /** Validates the settings; see the record components for their meaning. */
    public HttpTestbedConfig {
        if (bindAddresses == null || bindAddresses.isEmpty()) {
            throw new IllegalArgumentException("bindAddresses must name at least one address");
        }
        for (String address : bindAddresses) {
            checkLoopback(address);
        }
        bindAddresses = List.copyOf(bindAddresses);
        if (bindAddresses.stream().distinct().count() != bindAddresses.size()) {
            throw new IllegalArgumentException("bindAddresses must not repeat an address: " + bindAddresses);
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
        if (maxArrivals < 0) {
            throw new IllegalArgumentException("maxArrivals must not be negative, got " + maxArrivals);
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

    /** The first bind address, where the port is chosen and {@link HttpTestbed#baseUrl()} points. */
    public String host() {
        return bindAddresses.get(0);
    }

    private static void checkLoopback(String address) {
        // Parsed as a literal: a name would need a lookup, and could resolve off the host.
        byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null || bytes.length != 4 || bytes[0] != 127) {
            throw new IllegalArgumentException(
                    "bind address must be an IPv4 literal in 127.0.0.0/8, was '" + address + "'");
        }
    }

    /** Collects the settings of an {@link HttpTestbedConfig}; {@link #build()} validates them. */
    public static final class Builder {
        private List<String> bindAddresses = List.of(DEFAULT_HOST);
        private int port;
        private int eventLoopThreads = 1;
        private SslContext tls;
        private int maxArrivals = DEFAULT_MAX_ARRIVALS;
        private Consumer<HttpTestbedArrival> arrivalListener;

        private Builder() {
        }

        /** Listen on this one loopback address only. */
        public Builder host(String host) {
            this.bindAddresses = host == null ? null : List.of(host);
            return this;
        }

        /** Listen on each of these loopback addresses, all on the same port; the first picks the port. */
        public Builder bindAddresses(List<String> bindAddresses) {
            this.bindAddresses = bindAddresses;
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

        /** Arrivals kept for {@link HttpTestbed#arrivals()}; 0 keeps none (a listener still sees them all). */
        public Builder maxArrivals(int maxArrivals) {
            this.maxArrivals = maxArrivals;
            return this;
        }

        /** Told of every arrival on an event loop; must not block. Null for none. */
        public Builder arrivalListener(Consumer<HttpTestbedArrival> arrivalListener) {
            this.arrivalListener = arrivalListener;
            return this;
        }

        /** The config; throws {@link IllegalArgumentException} for an invalid setting. */
        public HttpTestbedConfig build() {
            return new HttpTestbedConfig(bindAddresses, port, eventLoopThreads, tls, maxArrivals, arrivalListener);
        }
    }
}
