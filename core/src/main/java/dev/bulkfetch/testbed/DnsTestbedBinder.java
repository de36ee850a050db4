package dev.bulkfetch.testbed;

import dev.bulkfetch.loop.Transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import io.netty.handler.timeout.ReadTimeoutHandler;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Binds the testbed's sockets: UDP first, then TCP on the port UDP got, so both transports share one
 * port as DNS clients expect (a truncated UDP reply is retried over TCP on the same address).
 *
 * <p>With an ephemeral port another process may already hold TCP on the port the kernel chose for UDP;
 * the binder then lets go of that port and tries a fresh one, a few times.
 */
final class DnsTestbedBinder {

    /** The sockets of a started testbed; {@code udp} holds one socket per reading event loop. */
    record Bound(List<Channel> udp, Channel tcp) {
        Bound {
            udp = List.copyOf(udp);
        }

        int port() {
            return ((InetSocketAddress) tcp.localAddress()).getPort();
        }
    }

    private static final int EPHEMERAL_ATTEMPTS = 50;
    // Queries are small; a larger buffer only matters for EDNS queries with options, and it is per read.
    private static final int MAX_QUERY_BYTES = 4096;
    // How many datagrams one wake-up reads before flushing the replies; bounds a batch's latency.
    private static final int DATAGRAMS_PER_READ = 64;
    // Queries taken by one recvmmsg call under epoll.
    private static final int QUERIES_PER_READ_CALL = 16;
    // Big enough that a read batch of large (truncated-to-4096) replies never marks the socket unwritable.
    private static final WriteBufferWaterMark UDP_WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private final DnsTestbedConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final DnsTestbedResponder responder;
    private final DnsTestbedFaults faults;
    private final DnsTestbedCounters counters;

    DnsTestbedBinder(DnsTestbedConfig config, Transport transport, EventLoopGroup group,
                     DnsTestbedResponder responder, DnsTestbedFaults faults, DnsTestbedCounters counters) {
        this.config = config;
        this.transport = transport;
        this.group = group;
        this.responder = responder;
        this.faults = faults;
        this.counters = counters;
    }

    /**
     * Binds UDP and TCP on one port.
     *
     * @throws IllegalStateException when the port (or, for port 0, every attempt) could not be bound
     */
    Bound bind() {
        InetAddress host = config.hostAddress();
        int attempts = config.port() == 0 ? EPHEMERAL_ATTEMPTS : 1;
        Throwable lastFailure = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            List<Channel> udp = new ArrayList<>();
            try {
                udp.add(bindUdp(new InetSocketAddress(host, config.port()), 0));
                int port = ((InetSocketAddress) udp.get(0).localAddress()).getPort();
                for (int i = 1; i < udpSocketCount(); i++) {
                    udp.add(bindUdp(new InetSocketAddress(host, port), i));
                }
                return new Bound(udp, bindTcp(new InetSocketAddress(host, port)));
            } catch (BindFailure e) {
                lastFailure = e.getCause();
                udp.forEach(channel -> channel.close().syncUninterruptibly());
            }
        }
        throw new IllegalStateException("DNS testbed could not bind UDP and TCP on one port of " + config.host()
                + (config.port() == 0 ? " after " + attempts + " attempts" : " port " + config.port()),
                lastFailure);
    }

    private int udpSocketCount() {
        return transport == Transport.EPOLL ? config.eventLoopThreads() : 1;
    }

    private Channel bindUdp(InetSocketAddress address, int socketIndex) throws BindFailure {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, config.udpReceiveBufferBytes())
                .option(ChannelOption.SO_SNDBUF, config.udpReceiveBufferBytes())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, UDP_WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast(new DnsTestbedUdpEncoder(counters));
                        pipeline.addLast(new DatagramDnsQueryDecoder());
                        pipeline.addLast(new DnsTestbedUdpHandler(responder, faults, faults.drops(socketIndex),
                                counters));
                    }
                });
        transport.datagramReads(bootstrap, MAX_QUERY_BYTES, QUERIES_PER_READ_CALL, DATAGRAMS_PER_READ);
        if (udpSocketCount() > 1) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        return await(bootstrap.bind(address));
    }

    private Channel bindTcp(InetSocketAddress address) throws BindFailure {
        DnsTestbedTcpHandler handler = new DnsTestbedTcpHandler(responder, counters);
        long idleMillis = config.tcpIdleTimeout().toMillis();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                // the UDP port comes from the ephemeral range, where client sockets of earlier runs
                // linger in TIME_WAIT; without SO_REUSEADDR those would refuse the TCP listener
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast(new ReadTimeoutHandler(idleMillis, TimeUnit.MILLISECONDS));
                        pipeline.addLast(new TcpDnsResponseEncoder());
                        pipeline.addLast(new TcpDnsQueryDecoder());
                        pipeline.addLast(handler);
                    }
                });
        return await(bootstrap.bind(address));
    }

    private static Channel await(ChannelFuture future) throws BindFailure {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new BindFailure(future.cause());
        }
        return future.channel();
    }

    /** A failed bind, checked so {@link #bind()} cannot forget to release what it already holds. */
    private static final class BindFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BindFailure(Throwable cause) {
            super(cause);
        }
    }
}
