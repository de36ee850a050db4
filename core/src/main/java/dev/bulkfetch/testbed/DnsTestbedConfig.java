package dev.bulkfetch.testbed;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of one {@link DnsTestbed}: where it listens, which forward zone it serves, and how often it
 * misbehaves on purpose.
 *
 * <p>Immutable; build one with {@link #builder()}. Every value is checked when the config is built, so a
 * testbed never starts with a share outside {@code [0, 1]} or a host that would need a name lookup.
 * Faults are deterministic from {@link #seed()}: the same seed gives the same fate to the same name and
 * the same drop sequence to the same stream of datagrams (see {@link DnsTestbedFaults}).
 *
 * <pre>{@code
 * DnsTestbedConfig config = DnsTestbedConfig.builder().nxdomainShare(0.1).dropShare(0.05).seed(7).build();
 * try (DnsTestbed dns = DnsTestbed.start(config)) { ... }
 * }</pre>
 *
 * @param host IP literal to bind UDP and TCP to; never resolved as a name
 * @param port port for both UDP and TCP, 0 for an ephemeral one shared by both
 * @param zone forward zone served, lower-case without the trailing dot
 * @param nxdomainShare share of names answered NXDOMAIN regardless of the zone, both transports
 * @param servfailShare share of names answered SERVFAIL, both transports
 * @param dropShare share of UDP datagrams left unanswered, drawn per datagram
 * @param truncateShare share of names always answered with TC=1 over UDP (and in full over TCP)
 * @param seed seed of every fault decision
 * @param ttl TTL in seconds of every record, also the SOA minimum (negative caching TTL)
 * @param udpReceiveBufferBytes SO_RCVBUF and SO_SNDBUF of the UDP socket (the kernel caps it at
 *     {@code net.core.rmem_max}/{@code wmem_max})
 * @param eventLoopThreads event loop threads; above 1 on epoll each thread gets its own UDP socket on
 *     the shared port (SO_REUSEPORT)
 * @param tcpIdleTimeout a TCP connection with no query for this long is closed
 */
public record DnsTestbedConfig(
        String host,
        int port,
        String zone,
        double nxdomainShare,
        double servfailShare,
        double dropShare,
        double truncateShare,
        long seed,
        int ttl,
        int udpReceiveBufferBytes,
        int eventLoopThreads,
        Duration tcpIdleTimeout) {

    /** Validates every setting and normalises the zone to lower case without a trailing dot. */
    public DnsTestbedConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
        if (NetUtil.createByteArrayFromIpAddressString(host) == null) {
            throw new IllegalArgumentException(
                    "host must be an IP literal such as 127.0.0.1 (names are never resolved), was '" + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within [0, 65535] (0 = ephemeral), was " + port);
        }
        zone = normaliseZone(zone);
        requireShare("nxdomainShare", nxdomainShare);
        requireShare("servfailShare", servfailShare);
        requireShare("dropShare", dropShare);
        requireShare("truncateShare", truncateShare);
        // Both fates are carved out of one hash per name, so together they cannot exceed the whole.
        if (nxdomainShare + servfailShare > 1.0) {
            throw new IllegalArgumentException("nxdomainShare + servfailShare must not exceed 1, was "
                    + nxdomainShare + " + " + servfailShare);
        }
        if (ttl < 0) {
            throw new IllegalArgumentException("ttl must be within [0, 2147483647] seconds, was " + ttl);
        }
        if (udpReceiveBufferBytes <= 0) {
            throw new IllegalArgumentException("udpReceiveBufferBytes must be positive, was " + udpReceiveBufferBytes);
        }
        if (eventLoopThreads < 1) {
            throw new IllegalArgumentException("eventLoopThreads must be at least 1, was " + eventLoopThreads);
        }
        if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
            throw new IllegalArgumentException("tcpIdleTimeout must be positive, was " + tcpIdleTimeout);
        }
    }

    /** A builder holding the defaults: 127.0.0.1, ephemeral port, zone {@code bulkfetch.test}, no faults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default config: what {@code builder().build()} returns. */
    public static DnsTestbedConfig defaults() {
        return builder().build();
    }

    /** A builder preset with this config's values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder()
                .host(host).port(port).zone(zone)
                .nxdomainShare(nxdomainShare).servfailShare(servfailShare)
                .dropShare(dropShare).truncateShare(truncateShare)
                .seed(seed).ttl(ttl).udpReceiveBufferBytes(udpReceiveBufferBytes)
                .eventLoopThreads(eventLoopThreads).tcpIdleTimeout(tcpIdleTimeout);
    }

    /** {@link #host()} as an address, parsed from the literal without any lookup. */
    public InetAddress hostAddress() {
        return NetUtil.createInetAddressFromIpAddressString(host);
    }

    private static void requireShare(String what, double share) {
        if (!(share >= 0.0 && share <= 1.0)) { // also rejects NaN
            throw new IllegalArgumentException(what + " must be within [0, 1], was " + share);
        }
    }

    private static String normaliseZone(String zone) {
        String z = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
        z = z.toLowerCase(Locale.ROOT);
        String problem = DnsTestbedNames.zoneProblem(z);
        if (problem != null) {
            throw new IllegalArgumentException("zone '" + zone + "' is not usable: " + problem);
        }
        return z;
    }

    /** Collects settings for a {@link DnsTestbedConfig}; {@link #build()} validates them. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String zone = DnsTestbedZone.DEFAULT_ZONE;
        private double nxdomainShare;
        private double servfailShare;
        private double dropShare;
        private double truncateShare;
        private long seed = 1;
        private int ttl = 300;
        private int udpReceiveBufferBytes = 4 * 1024 * 1024;
        private int eventLoopThreads = 1;
        private Duration tcpIdleTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** IP literal to bind to; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port for UDP and TCP; default 0, an ephemeral port shared by both. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Forward zone; default {@code bulkfetch.test}. */
        public Builder zone(String zone) {
            this.zone = zone;
            return this;
        }

        /** Share of names answered NXDOMAIN, decided by a hash of seed and name; default 0. */
        public Builder nxdomainShare(double share) {
            this.nxdomainShare = share;
            return this;
        }

        /** Share of names answered SERVFAIL, decided by a hash of seed and name; default 0. */
        public Builder servfailShare(double share) {
            this.servfailShare = share;
            return this;
        }

        /** Share of UDP datagrams dropped, drawn per datagram from a seeded PRNG; default 0. */
        public Builder dropShare(double share) {
            this.dropShare = share;
            return this;
        }

        /** Share of names always truncated over UDP, decided by a hash of seed and name; default 0. */
        public Builder truncateShare(double share) {
            this.truncateShare = share;
            return this;
        }

        /** Seed of every fault decision; default 1. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** TTL of every record in seconds; default 300. */
        public Builder ttl(int ttl) {
            this.ttl = ttl;
            return this;
        }

        /** SO_RCVBUF and SO_SNDBUF of the UDP socket; default 4 MiB, sized for bursts of queries. */
        public Builder udpReceiveBufferBytes(int bytes) {
            this.udpReceiveBufferBytes = bytes;
            return this;
        }

        /** Event loop threads; default 1. */
        public Builder eventLoopThreads(int threads) {
            this.eventLoopThreads = threads;
            return this;
        }

        /** How long a TCP connection may sit without a query before it is closed; default 10 s. */
        public Builder tcpIdleTimeout(Duration timeout) {
            this.tcpIdleTimeout = timeout;
            return this;
        }

        /**
         * Validates the settings and returns the config.
         *
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public DnsTestbedConfig build() {
            return new DnsTestbedConfig(host, port, zone, nxdomainShare, servfailShare, dropShare, truncateShare,
                    seed, ttl, udpReceiveBufferBytes, eventLoopThreads, tcpIdleTimeout);
        }
    }
}
