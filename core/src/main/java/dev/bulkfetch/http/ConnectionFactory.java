package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.Failures;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.internal.PlatformDependent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Opens the connections of an engine: the channel (connect timeout, TCP_NODELAY), the pipeline
 * ({@link ChannelSetup}), and the connect and TLS clocks; a connection is handed to its pool once it is up.
 * It knows every live connection, so that closing the engine closes them all.
 */
final class ConnectionFactory {
    private final HttpEngineConfig config;
    private final EventLoop loop;
    private final TlsContexts tls;
    private final ConnectionContext context;
    private final Set<HttpConnection> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private final int connectMillis;
    private boolean closed;

    ConnectionFactory(EventLoop loop, TlsContexts tls, ConnectionContext context) {
        this.config = context.config();
        this.loop = loop;
        this.tls = tls;
        this.context = context;
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.connectTimeout().toMillis()));
    }

    /**
     * Connects to the address of {@code first} for {@code pool}; the pool hears when it is up or closed.
     * The channel is made, set up and registered here rather than by a Bootstrap: with a connection per
     * target the Bootstrap's per-connect work (its options copied, an initializer added and removed, an
     * address resolver looked up for an address already resolved, the connect posted as another task)
     * was paid once per request.
     */
    void open(HostPool pool, Exchange first) {
        HttpConnection c = new HttpConnection(context, pool, first.address());
        live.add(c);
        HttpUrl url = first.url();
        long start = System.nanoTime();
        SocketChannel ch;
        try {
            ch = config.transport().newSocketChannel(first.address());
        } catch (RuntimeException e) {
            // no socket (out of descriptors, or the family unsupported): the connect fails like any other
            c.connecting(null, start);
            onConnect(c, loop.newFailedFuture(e), null);
            return;
        }
        c.connecting(ch, start);
        ch.config().setConnectTimeoutMillis(connectMillis);
        if (!PlatformDependent.canEnableTcpNoDelayByDefault()) {
            // Netty's socket config sets TCP_NODELAY itself wherever this is true (not on Android): setting it
            // again was one more setsockopt per connection, paid per target with Connection: close
            ch.config().setTcpNoDelay(true);
        }
        SslHandler ssl = url.https() ? tls.newHandler(ch.alloc(), url, connectMillis) : null;
        ChannelSetup.assemble(ch.pipeline(), c, ssl, config);
        loop.register(ch).addListener(registered -> {
            if (!registered.isSuccess()) {
                ch.unsafe().closeForcibly();
                onConnect(c, registered, ssl);
                return;
            }
            ch.connect(new InetSocketAddress(first.address(), url.port())).addListener(done -> onConnect(c, done, ssl));
        });
    }

    /** A connection on a channel that is already connected (tests feed it bytes): plain, and open at once. */
    HttpConnection adopt(Channel ch, HostPool pool, InetAddress peer) {
        HttpConnection c = new HttpConnection(context, pool, peer);
        live.add(c);
        c.connecting(ch, System.nanoTime());
        ChannelSetup.assemble(ch.pipeline(), c, null, config);
        c.opened();
        return c;
    }

    private void onConnect(HttpConnection c, Future<?> done, SslHandler ssl) {
        if (!done.isSuccess()) {
            BulkError error = Failures.classify(done.cause(), Failures.Phase.CONNECT);
            if (Failures.outOfDescriptors(error)) {
                c.abandon(error.message() + " (errno " + error.errno() + ")");
            } else {
                c.close(error);
            }
            return;
        }
        c.connected();
        if (ssl == null) {
            c.opened();
            return;
        }
        long tlsStart = System.nanoTime();
        ssl.handshakeFuture().addListener(h -> {
            if (!h.isSuccess()) {
                c.close(Failures.classify(h.cause(), Failures.Phase.TLS));
                return;
            }
            c.secured(System.nanoTime() - tlsStart, new HttpFetchResult.Tls(ssl.engine().getSession().getProtocol(),
                    ssl.engine().getSession().getCipherSuite()));
            c.opened();
        });
    }

    /** True once the engine began closing: connections closing then must not make pools open new ones. */
    boolean closed() {
        return closed;
    }

    /** The connection closed (or never came up): it is no longer the engine's to close. */
    void forget(HttpConnection c) {
        live.remove(c);
    }

    /** Closes every live connection with {@code error}, and opens none from now on. */
    void closeAll(BulkError error) {
        closed = true;
        for (HttpConnection c : new ArrayList<>(live)) {
            c.close(error);
        }
    }
}
