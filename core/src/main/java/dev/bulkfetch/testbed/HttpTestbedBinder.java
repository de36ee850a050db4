package dev.bulkfetch.testbed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the HTTP testbed's listeners: one per bind address, all on one port, so a URL differs between
 * addresses only by its host. The first address picks the port; when the kernel's choice is taken on another
 * address, the binder lets go of it and tries a fresh one, a few times.
 */
final class HttpTestbedBinder {
    private static final int EPHEMERAL_ATTEMPTS = 10;

    private HttpTestbedBinder() {
    }

    /**
     * The listening channels, in the order of {@code config.bindAddresses()}.
     *
     * @throws UncheckedIOException when the port (or, for port 0, every attempt) could not be bound everywhere
     */
    static List<Channel> bind(ServerBootstrap bootstrap, HttpTestbedConfig config) {
        List<String> hosts = config.bindAddresses();
        int attempts = config.port() == 0 && hosts.size() > 1 ? EPHEMERAL_ATTEMPTS : 1;
        Throwable lastFailure = null;
        String failedAt = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            List<Channel> bound = new ArrayList<>(hosts.size());
            int port = config.port();
            for (String host : hosts) {
                ChannelFuture future = bootstrap.bind(new InetSocketAddress(
                        NetUtil.createInetAddressFromIpAddressString(host), port)).awaitUninterruptibly();
                if (!future.isSuccess()) {
                    lastFailure = future.cause();
                    failedAt = host + ":" + port;
                    break;
                }
                bound.add(future.channel());
                port = ((InetSocketAddress) future.channel().localAddress()).getPort();
            }
            if (bound.size() == hosts.size()) {
                return List.copyOf(bound);
            }
            bound.forEach(channel -> channel.close().awaitUninterruptibly());
        }
        throw new UncheckedIOException("cannot bind HTTP testbed to " + failedAt
                + (attempts > 1 ? " (after " + attempts + " ports)" : ""),
                lastFailure instanceof IOException io ? io : new IOException(lastFailure));
    }
}
