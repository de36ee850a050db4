package dev.bulkfetch.testbed;

import dev.bulkfetch.engine.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An embedded HTTP/1.1 server whose responses are a pure function of the request path, for tests, the demo
 * and benchmarks: known bodies in every framing and coding, and faults on demand (delays, trickles, resets,
 * hangs, gzip bombs, framing that lies, replies out of turn, a server that stops reading). {@link HttpTestbedContent} computes what each path must decode to.
 *
 * <pre>{@code
 * try (HttpTestbed testbed = HttpTestbed.start(HttpTestbedConfig.defaults())) {
 *     String url = testbed.baseUrl() + "/gzip/100000";
 *     byte[] expected = HttpTestbedContent.expectedBody("/gzip/100000");
 * }
 * }</pre>
 *
 * <p>It also counts what it sees from the server's side, so a test can check connection reuse and
 * per-host caps without trusting the client under test.
 *
 * <p>Given a server {@link SslContext} ({@link HttpTestbedConfig#tls()}) it serves the same paths over HTTPS:
 * each connection starts with that context's TLS handshake, and {@link #baseUrl()} is {@code https://}.
 */
public final class HttpTestbed implements AutoCloseable {
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;

    private final EventLoopGroup group;
    private final Channel server;
    private final HttpTestbedConnections connections;
    private final String scheme;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpTestbed(EventLoopGroup group, Channel server, HttpTestbedConnections connections, String scheme) {
        this.group = group;
        this.server = server;
        this.connections = connections;
        this.scheme = scheme;
    }

    /**
     * Binds and starts serving; returns once the socket is bound, so {@link #port()} is known.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static HttpTestbed start(HttpTestbedConfig config) {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(config.eventLoopThreads(), "http-testbed");
        HttpTestbedConnections connections = new HttpTestbedConnections(group.next());
        SslContext tls = config.tls();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Half-closed clients (request sent, output shut) still get their answers.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (tls != null) {
                            // First: the request decoder and everything after it see plaintext.
                            channel.pipeline().addLast(tls.newHandler(channel.alloc()));
                        }
                        channel.pipeline().addLast(connections, new HttpRequestDecoder(),
                                new HttpTestbedHandler(connections));
                    }
                });
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            Throwable cause = bound.cause();
            throw new UncheckedIOException("cannot bind HTTP testbed to " + config.host() + ":" + config.port(),
                    cause instanceof IOException io ? io : new IOException(cause));
        }
        return new HttpTestbed(group, bound.channel(), connections, tls == null ? "http" : "https");
    }

    /** Starts on 127.0.0.1 with an ephemeral port and one thread. */
    public static HttpTestbed start() {
        return start(HttpTestbedConfig.defaults());
    }

    /** The bound port (the kernel's choice when the config asked for port 0). */
    public int port() {
        return address().getPort();
    }

    /** The bound address and port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** {@code http://127.0.0.1:PORT}, or {@code https://} when serving TLS; without a trailing slash. */
    public String baseUrl() {
        return origin(scheme, address());
    }

    /** Connections accepted since start. */
    public long connectionsAccepted() {
        return connections.accepted();
    }

    /**
     * Requests answered since start: counted when the first byte of the answer is written (never for /hang or
     * /no-read).
     */
    public long requestsServed() {
        return connections.requestsAnswered();
    }

    /** Connections open right now, as the server sees them. */
    public int openConnections() {
        return connections.open();
    }

    /** The most connections that were open at the same time since start. */
    public int maxOpenConnections() {
        return connections.maxOpen();
    }

    /**
     * Closes the listening socket and every connection, then stops the event loops; the port is free when this
     * returns. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        // A connection accepted just before the listener closed may still be registering on its loop, where it
        // joins the group; one task through every loop lets those registrations finish. Stopping the loops
        // alone would not do: they terminate without closing the channels still registered with them.
        for (EventExecutor loop : group) {
            loop.submit(() -> { }).awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        }
        connections.channels().close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        // Quiet period 0: nothing is left to serve, and tests start and stop testbeds by the hundred.
        group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
    }

    static String origin(String scheme, InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + ":" + address.getPort();
    }
}
