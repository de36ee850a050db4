package dev.bulkfetch.dns;

import dev.bulkfetch.loop.Transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link DnsEngine}; immutable, made with {@link #builder()}.
 *
 * @param resolvers           where queries go, in rotation order
 * @param socketsPerResolver  UDP sockets per resolver (each has its own 65,536 ids)
 * @param timeout             how long one attempt waits for its reply
 * @param retries             attempts after the first one, each on the next resolver
 * @param maxInFlight         ceiling of the adaptive in-flight window
 * @param initialWindow       where the window starts
 * @param ednsPayload         UDP payload size advertised with EDNS0, 0 for plain 512-byte DNS
 * @param socketBufferBytes   SO_RCVBUF and SO_SNDBUF of each UDP socket
 * @param recursionDesired    the RD bit (on for recursive resolvers; harmless for authoritative ones)
 * @param retransmitsPerTick  pacing: how many timed-out attempts are re-sent per 10 ms tick at most
 * @param transport           epoll or NIO channels
 */
public record DnsEngineConfig(List<InetSocketAddress> resolvers, int socketsPerResolver, Duration timeout,
                              int retries, int maxInFlight, int initialWindow, int ednsPayload,
                              int socketBufferBytes, boolean recursionDesired, int retransmitsPerTick,
                              Transport transport) {

    public DnsEngineConfig {
        resolvers = List.copyOf(resolvers);
        if (resolvers.isEmpty()) {
            throw new IllegalArgumentException("at least one resolver is needed");
        }
        require(socketsPerResolver >= 1 && socketsPerResolver <= 64, "sockets must be 1..64");
        require(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
        require(retries >= 0 && retries <= 100, "retries must be 0..100");
        require(maxInFlight >= 1, "concurrency must be at least 1");
        require(initialWindow >= 1, "initial window must be at least 1");
        require(ednsPayload == 0 || (ednsPayload >= 512 && ednsPayload <= 65535), "EDNS size must be 0 or 512..65535");
        require(socketBufferBytes >= 65536, "socket buffers must be at least 64 KiB");
        require(retransmitsPerTick >= 1, "retransmits per tick must be at least 1");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link DnsEngineConfig}; defaults sweep a loopback server without retransmits. */
    public static final class Builder {
        private final List<InetSocketAddress> resolvers = new ArrayList<>();
        private int socketsPerResolver = 4;
        private Duration timeout = Duration.ofSeconds(1);
        private int retries = 3;
        private int maxInFlight = 500;
        private int initialWindow = 100;
        private int ednsPayload = 1232;
        private int socketBufferBytes = 4 << 20;
        private boolean recursionDesired = true;
        private int retransmitsPerTick = 200;
        private Transport transport = Transport.best();

        public Builder resolver(InetSocketAddress resolver) {
            resolvers.add(resolver);
            return this;
        }

        public Builder resolvers(List<InetSocketAddress> list) {
            resolvers.addAll(list);
            return this;
        }

        public Builder socketsPerResolver(int n) {
            this.socketsPerResolver = n;
            return this;
        }

        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        public Builder retries(int n) {
            this.retries = n;
            return this;
        }

        public Builder maxInFlight(int n) {
            this.maxInFlight = n;
            return this;
        }

        public Builder initialWindow(int n) {
            this.initialWindow = n;
            return this;
        }

        public Builder ednsPayload(int n) {
            this.ednsPayload = n;
            return this;
        }

        public Builder socketBufferBytes(int n) {
            this.socketBufferBytes = n;
            return this;
        }

        public Builder recursionDesired(boolean rd) {
            this.recursionDesired = rd;
            return this;
        }

        public Builder retransmitsPerTick(int n) {
            this.retransmitsPerTick = n;
            return this;
        }

        public Builder transport(Transport t) {
            this.transport = t;
            return this;
        }

        public DnsEngineConfig build() {
            return new DnsEngineConfig(resolvers, socketsPerResolver, timeout, retries, maxInFlight,
                    Math.min(initialWindow, maxInFlight), ednsPayload, socketBufferBytes, recursionDesired,
                    retransmitsPerTick, transport);
        }
    }
}
