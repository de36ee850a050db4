package dev.bulkfetch.testbed;

import dev.bulkfetch.loop.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An embedded HTTP/1.1 server whose responses are a pure function of the request path (and, for the virtual-host
 * paths below, of the host name and how often it was asked), for tests, the demo
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
 * per-host caps without trusting the client under test, and logs every request's arrival ({@link #arrivals()})
 * so a test can check a crawler's pacing per host.
 *
 * <p>It answers any Host header: the paths above are the same on every host, while {@code /robots.txt} and
 * the pages ({@code /page/...}, {@code /fail-first/...}, {@code /retry-after/...}, {@code /reset-first/...})
 * depend on the host name, so one testbed stands in for many sites. It can listen on several loopback
 * addresses at one port ({@link HttpTestbedConfig#bindAddresses()}).
 *
 * <p>Given a server {@link SslContext} ({@link HttpTestbedConfig#tls()}) it serves the same paths over HTTPS:
 * each connection starts with that context's TLS handshake, and {@link #baseUrl()} is {@code https://}.
 */
public final class HttpTestbed implements AutoCloseable {
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;

    private final EventLoopGroup group;
    private final List<Channel> servers;
    private final HttpTestbedConnections connections;
    private final HttpTestbedArrivals arrivals;
    private final String scheme;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpTestbed(EventLoopGroup group, List<Channel> servers, HttpTestbedConnections connections,
                        HttpTestbedArrivals arrivals, String scheme) {
        this.group = group;
        this.servers = servers;
        this.connections = connections;
        this.arrivals = arrivals;
        this.scheme = scheme;
    }

    /**
     * Binds and starts serving; returns once every address is bound, so {@link #port()} is known.
     *
     * @throws UncheckedIOException if the addresses cannot be bound on one port
     */
    public static HttpTestbed start(HttpTestbedConfig config) {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(config.eventLoopThreads(), "http-testbed");
        HttpTestbedConnections connections = new HttpTestbedConnections(group.next());
        HttpTestbedArrivals arrivals = new HttpTestbedArrivals(config.maxArrivals(), config.arrivalListener());
        HttpTestbedAttempts attempts = new HttpTestbedAttempts();
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
                                new HttpTestbedHandler(connections, arrivals, attempts));
                    }
                });
        List<Channel> servers;
        try {
            servers = HttpTestbedBinder.bind(bootstrap, config);
        } catch (UncheckedIOException e) {
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            throw e;
        }
        return new HttpTestbed(group, servers, connections, arrivals, tls == null ? "http" : "https");
    }

    /** Starts on 127.0.0.1 with an ephemeral port and one thread. */
    public static HttpTestbed start() {
        return start(HttpTestbedConfig.defaults());
    }

    /** The bound port (the kernel's choice when the config asked for port 0). */
    public int port() {
        return address().getPort();
    }

    /** The first bound address and the port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) servers.get(0).localAddress();
    }

    /** Every bound address, in the order of {@link HttpTestbedConfig#bindAddresses()}, all with one port. */
    public List<InetSocketAddress> addresses() {
        return servers.stream().map(server -> (InetSocketAddress) server.localAddress()).toList();
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
     * Requests answered since start: counted when the first byte of the answer is written (never for /hang,
     * /no-read, or the resets of /reset-first).
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
     * The request heads decoded since start (or the last {@link #clearArrivals()}), oldest first: a copy of the
     * last {@link HttpTestbedConfig#maxArrivals()} of them. Each is logged when its head is decoded, before
     * any answer, including requests that are never answered.
     */
    public List<HttpTestbedArrival> arrivals() {
        return arrivals.snapshot();
    }

    /** Forgets the arrivals logged so far; the dropped count stays. */
    public void clearArrivals() {
        arrivals.clear();
    }

    /** Arrivals dropped from the log since start because it held {@link HttpTestbedConfig#maxArrivals()}. */
    public long droppedArrivals() {
        return arrivals.dropped();
    }

    /**
     * Closes the listening sockets and every connection, then stops the event loops; the port is free when this
     * returns. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        servers.forEach(server -> server.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS));
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
