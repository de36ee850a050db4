package dev.bulkfetch.testbed;

import dev.bulkfetch.loop.Transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An embedded authoritative DNS server for tests, demos and benchmarks: answers from {@link DnsTestbedZone}
 * over UDP and TCP on one port, with the deterministic faults of {@link DnsTestbedFaults}.
 *
 * <pre>{@code
 * try (DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().dropShare(0.1).build())) {
 *     InetSocketAddress resolver = dns.address(); // UDP and TCP, e.g. 127.0.0.1:40123
 *     ... query www.bulkfetch.test (A 127.0.0.1) or 2.1.18.198.in-addr.arpa (PTR) ...
 * }
 * }</pre>
 *
 * <p>Runs on its own event loop group (one daemon thread by default, epoll when available). The counters
 * may be read from any thread at any time; each reflects every query whose reply (or drop) happened
 * before the read.
 *
 * @see DnsTestbedConfig
 */
public final class DnsTestbed implements AutoCloseable {

    private final DnsTestbedConfig config;
    private final EventLoopGroup group;
    private final DnsTestbedBinder.Bound bound;
    private final DnsTestbedCounters counters;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DnsTestbed(DnsTestbedConfig config, EventLoopGroup group, DnsTestbedBinder.Bound bound,
                       DnsTestbedCounters counters) {
        this.config = config;
        this.group = group;
        this.bound = bound;
        this.counters = counters;
    }

    /**
     * Starts a testbed: binds UDP and TCP on {@code config}'s host and one port, ready when this returns.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static DnsTestbed start(DnsTestbedConfig config) {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(config.eventLoopThreads(), "bulkfetch-dns-testbed");
        try {
            DnsTestbedCounters counters = new DnsTestbedCounters();
            DnsTestbedFaults faults = DnsTestbedFaults.of(config);
            DnsTestbedResponder responder = new DnsTestbedResponder(new DnsTestbedZone(config), faults);
            DnsTestbedBinder.Bound bound =
                    new DnsTestbedBinder(config, transport, group, responder, faults, counters).bind();
            return new DnsTestbed(config, group, bound, counters);
        } catch (RuntimeException | Error e) {
            // Waiting matters: NIO closes a socket's descriptor only when its selector next runs, so a
            // caller retrying the same port right after this failure would otherwise find it still bound.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
    }

    /** The config this testbed runs with. */
    public DnsTestbedConfig config() {
        return config;
    }

    /** The port UDP and TCP listen on. */
    public int port() {
        return bound.port();
    }

    /** Host and port to send queries to, over UDP or TCP. */
    public InetSocketAddress address() {
        return new InetSocketAddress(config.hostAddress(), port());
    }

    /** Well-formed queries received over UDP, dropped ones included. */
    public long udpQueries() {
        return counters.udpQueries.sum();
    }

    /** Well-formed queries received over TCP. */
    public long tcpQueries() {
        return counters.tcpQueries.sum();
    }

    /** UDP queries left unanswered: picked by the drop fault, or shed because the socket could not keep up. */
    public long dropped() {
        return counters.dropped.sum();
    }

    /** UDP replies sent with TC=1 and no records: picked by the truncate fault, or too large for the client. */
    public long truncated() {
        return counters.truncated.sum();
    }

    /** Replies handed to the transport, over UDP and TCP, whatever their rcode (truncated ones included). */
    public long answered() {
        return counters.answered.sum();
    }

    /** Messages ignored as malformed: undecodable bytes, responses, not exactly one question, odd names. */
    public long malformed() {
        return counters.malformed.sum();
    }

    /** Stops listening and answering, closes open TCP connections and frees the port; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Channel> channels = new ArrayList<>(bound.udp());
        channels.add(bound.tcp());
        for (Channel channel : channels) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "DnsTestbed[" + config.host() + ":" + port() + " zone " + config.zone() + "]";
    }
}
