package dev.bulkfetch.loop;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The native epoll transport where Linux offers it, NIO elsewhere; every channel and loop in
 * bulkfetch is created through here so the two never mix.
 */
public enum Transport {
    EPOLL, NIO;

    /** Epoll when its native library loaded, otherwise NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * Makes datagram channels of the peer's address family. The default socket is IPv6 and reaches an
     * IPv4 peer through a v4-mapped address, where Linux looked the route up again for every datagram
     * of a connected socket (a profile of a sweep showed it); an IPv4 socket keeps the route cached.
     */
    public ChannelFactory<DatagramChannel> datagramChannelFor(InetAddress peer) {
        SocketProtocolFamily family = peer instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        return this == EPOLL ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family);
    }

    /**
     * Sizes the reads of a datagram channel made by b: datagrams of at most maxDatagram bytes, at most
     * maxMessagesPerRead per readiness event. With epoll one recvmmsg call takes up to batch of them
     * (a system call per batch, not per datagram); NIO reads one per call.
     */
    @SuppressWarnings("deprecation") // Netty 4.2 keeps RCVBUF_ALLOCATOR as the way to size datagram reads
    public void datagramReads(Bootstrap b, int maxDatagram, int batch, int maxMessagesPerRead) {
        int buffer = maxDatagram;
        if (this == EPOLL && batch > 1) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram);
            buffer = maxDatagram * batch;
        }
        b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(buffer).maxMessagesPerRead(maxMessagesPerRead));
    }

    /**
     * A new, unregistered TCP channel of the peer's address family, made directly: a connection per
     * target (Connection: close) made one through a Bootstrap and its reflective factory before, and a
     * v6 socket reached an IPv4 peer through a v4-mapped address.
     */
    public SocketChannel newSocketChannel(InetAddress peer) {
        SocketProtocolFamily family = peer instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        return this == EPOLL ? new EpollSocketChannel(family) : new NioSocketChannel(
                java.nio.channels.spi.SelectorProvider.provider(), family);
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
