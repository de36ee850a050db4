package dev.bulkfetch.testbed;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The Netty transport the testbed runs on: native epoll where it loads (batched UDP writes, SO_REUSEPORT),
 * NIO everywhere else.
 */
enum DnsTestbedTransport {
    EPOLL(EpollDatagramChannel.class, EpollServerSocketChannel.class) {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }
    },
    NIO(NioDatagramChannel.class, NioServerSocketChannel.class) {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }
    };

    private final Class<? extends DatagramChannel> datagramChannel;
    private final Class<? extends ServerSocketChannel> serverChannel;

    DnsTestbedTransport(Class<? extends DatagramChannel> datagramChannel,
                        Class<? extends ServerSocketChannel> serverChannel) {
        this.datagramChannel = datagramChannel;
        this.serverChannel = serverChannel;
    }

    /** Epoll when its native library is usable on this host, else NIO. */
    static DnsTestbedTransport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    abstract IoHandlerFactory ioHandlerFactory();

    Class<? extends DatagramChannel> datagramChannel() {
        return datagramChannel;
    }

    Class<? extends ServerSocketChannel> serverChannel() {
        return serverChannel;
    }

    /** Whether several UDP sockets can share one port, letting each event loop read its own. */
    boolean supportsReusePort() {
        return this == EPOLL;
    }
}
