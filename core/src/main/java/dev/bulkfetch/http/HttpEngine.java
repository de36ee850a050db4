package dev.bulkfetch.http;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.loop.BatchFlusher;
import dev.bulkfetch.loop.DeadlineQueue;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.error.Failures;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches URLs over HTTP/1.1 from one event loop: host names through the {@link DnsEngine} (never a
 * blocking lookup), keep-alive connections pooled per origin with optional pipelining, TLS with SNI,
 * redirects, and a total deadline per fetch. Every fetch ends in exactly one {@link HttpFetchResult}.
 *
 * <p>The path of one fetch: {@link #fetch} → {@link HostResolver} → {@link HostPool} (new connections as the
 * {@link ConnectionBudget} allows) → a {@link HttpConnection} whose pipeline is [TLS] → {@link WireBytesCounter}
 * → {@link ReadDeadlineHandler} → {@link HeadAwareResponseDecoder} → {@link ResponseHandler} → {@link BodySink}
 * → the callback.
 */
public final class HttpEngine implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final HttpEngineConfig config;
    private final FetchOptions defaults;
    private final EventLoop loop;
    private final HostResolver resolver;
    private final RequestWriter requests;
    private final BatchFlusher flusher;
    private final TlsContexts tls;
    private final Map<String, HostPool> pools = new HashMap<>();
    private final DeadlineQueue<Fetch> deadlines = new DeadlineQueue<>();
    private final ScheduledFuture<?> tick;
    private final java.util.Set<HttpConnection> live = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final ConnectionBudget budget;
    private boolean closed;

    private HttpEngine(HttpEngineConfig config, EventLoop loop, DnsEngine dns, HostsFile hosts) {
        this.config = config;
        this.defaults = FetchOptions.of(config);
        this.loop = loop;
        this.resolver = new HostResolver(hosts, dns);
        this.requests = new RequestWriter(config);
        this.flusher = new BatchFlusher(loop);
        this.tls = new TlsContexts(config.insecure(), config.caFile());
        this.budget = new ConnectionBudget(loop, System.err);
        this.tick = loop.scheduleAtFixedRate(this::onTick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
    }

    /**
     * @param dns   resolves host names; it must run on the same loop (null: literals and hosts only)
     * @param hosts the /etc/hosts table, read before the run
     * @throws IllegalArgumentException when the config names a CA file that cannot be read as PEM certificates
     */
    public static HttpEngine start(HttpEngineConfig config, EventLoop loop, DnsEngine dns, HostsFile hosts) {
        if (dns != null && dns.loop() != loop) {
            throw new IllegalArgumentException("the DNS engine must run on the HTTP engine's loop");
        }
        return new HttpEngine(config, loop, dns, hosts);
    }

    public EventLoop loop() {
        return loop;
    }

    /** The options of a fetch that asks for nothing of its own: this engine's settings. */
    public FetchOptions defaultOptions() {
        return defaults;
    }

    /** Fetches a URL; the callback runs on the loop exactly once. */
    public void fetch(HttpUrl url, HttpCallback callback) {
        fetch(url, defaults, callback);
    }

    /** Fetches a URL with options of its own (redirects, size cap, body kept, method); the callback runs on the loop exactly once. */
    public void fetch(HttpUrl url, FetchOptions options, HttpCallback callback) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> fetch(url, options, callback));
            return;
        }
        Fetch f = new Fetch(url, options, callback, System.nanoTime(), config.totalTimeout().toNanos());
        if (closed) {
            fail(f, null, BulkError.of(ErrorKind.CANCELLED, "HTTP engine closed"));
            return;
        }
        deadlines.add(f);
        begin(f);
    }

    /** Fetches a URL and returns the result as a future (completed on the loop). */
    public CompletableFuture<HttpFetchResult> fetch(HttpUrl url) {
        CompletableFuture<HttpFetchResult> result = new CompletableFuture<>();
        fetch(url, result::complete);
        return result;
    }

    /**
     * Resolves the host of a URL the way a fetch would (literal, /etc/hosts, then the DNS engine, answers
     * cached for their TTL); on the loop, and the callback runs on the loop.
     */
    public void resolve(HttpUrl url, java.util.function.BiConsumer<java.net.InetAddress, BulkError> callback) {
        resolver.resolve(url, (address, dnsNanos, error) -> callback.accept(address, error));
    }

    void begin(Fetch f) {
        f.attempts = 0;
        resolver.resolve(f.url, (address, dnsNanos, error) -> {
            if (f.done) {
                return;
            }
            if (dnsNanos >= 0) {
                f.dnsNanos = Math.max(0, f.dnsNanos) + dnsNanos;
            }
            if (error != null) {
                fail(f, null, error);
                return;
            }
            Exchange ex = new Exchange(f, address);
            pools.computeIfAbsent(f.url.origin(), k -> new HostPool(this, config.perHost(), config.pipeline())).submit(ex);
        });
    }

    /** Peak number of connections the pool of this URL's origin had open at once. */
    public int peakConnections(HttpUrl url) {
        HostPool p = pools.get(url.origin());
        return p == null ? 0 : p.peakOpen();
    }

    void openConnection(HostPool pool, Exchange first) {
        HttpConnection c = new HttpConnection(this, pool, first.address);
        live.add(c);
        HttpUrl url = first.url;
        long connectMillis = Math.max(1, config.connectTimeout().toMillis());
        SslHandler[] ssl = new SslHandler[1];
        Bootstrap b = new Bootstrap().group(loop).channel(config.transport().socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectMillis))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (url.https()) {
                            ssl[0] = tls.newHandler(ch.alloc(), url, connectMillis);
                            p.addLast(ssl[0]);
                        }
                        c.deadlines = new ReadDeadlineHandler(c, config.firstByteTimeout().toNanos(),
                                config.readTimeout().toNanos());
                        c.decoder = new HeadAwareResponseDecoder(c, config.maxHeaderBytes());
                        p.addLast(new WireBytesCounter(c), c.deadlines, c.decoder, new ResponseHandler(c));
                    }
                });
        c.connectStartNanos = System.nanoTime();
        ChannelFuture f = b.connect(new InetSocketAddress(first.address, url.port()));
        c.channel = f.channel();
        f.addListener(done -> {
            if (loop.inEventLoop()) {
                onConnect(c, done, ssl[0]);
            } else {
                // A channel that could not even be created (no file descriptor) fails at once, and its future
                // then calls back on Netty's global executor: connections and pools live on the loop only.
                loop.execute(() -> onConnect(c, done, ssl[0]));
            }
        });
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
        c.connectNanos = System.nanoTime() - c.connectStartNanos;
        if (ssl == null) {
            activate(c);
            return;
        }
        long tlsStart = System.nanoTime();
        ssl.handshakeFuture().addListener(h -> {
            if (!h.isSuccess()) {
                c.close(Failures.classify(h.cause(), Failures.Phase.TLS));
                return;
            }
            c.tlsNanos = System.nanoTime() - tlsStart;
            c.tlsVersion = ssl.engine().getSession().getProtocol();
            c.tlsCipher = ssl.engine().getSession().getCipherSuite();
            activate(c);
        });
    }

    private void activate(HttpConnection c) {
        if (c.closing) {
            return;
        }
        c.active = true;
        c.pool.onRoom(c);
    }

    private static List<String> redirectsOf(Fetch f) {
        return f.redirects == null ? List.of() : List.copyOf(f.redirects);
    }

    void onExchangeDone(Exchange ex, long decodedBytes, String sha256, byte[] body) {
        Fetch f = ex.fetch;
        if (f.done) {
            return; // the fetch hit its deadline while this response was still on its way
        }
        if (ex.wire != null) {
            if (f.captures == null) {
                f.captures = new ArrayList<>(1);
            }
            f.captures.add(ex.wire.capture(ex.url, ex.connection.ip));
        }
        String location = ex.headers == null ? null : ex.headers.get(HttpHeaderNames.LOCATION);
        int follow = f.options.follow();
        if (isRedirect(ex.status) && location != null && follow > 0) {
            if (f.redirects != null && f.redirects.size() >= follow) {
                fail(f, ex, BulkError.of(ErrorKind.TOO_MANY_REDIRECTS, "more than " + follow + " redirects"));
                return;
            }
            HttpUrl next;
            try {
                next = f.url.resolve(location);
            } catch (IllegalArgumentException e) {
                // Security: only http and https are followed. A Location such as file:///etc/passwd is never
                // fetched, and is an error rather than a plain 3xx so that a list run with --follow shows it.
                fail(f, ex, BulkError.of(ErrorKind.REDIRECT_REFUSED, "redirect not followed: " + e.getMessage()));
                return;
            }
            if (f.redirects == null) {
                f.redirects = new ArrayList<>(follow);
            }
            f.redirects.add(f.url.toString());
            f.url = next;
            RedirectGate gate = f.options.gate();
            if (gate != null) {
                gate.hop(next, new RedirectHop(this, f));
            } else {
                begin(f);
            }
            return;
        }
        finish(f, result(f, ex, decodedBytes, sha256, body, null));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    void onExchangeFailed(Exchange ex, BulkError error) {
        fail(ex.fetch, ex, error);
    }

    void fail(Fetch f, Exchange ex, BulkError error) {
        if (!f.done) {
            finish(f, result(f, ex, 0, null, null, error));
        }
    }

    private void finish(Fetch f, HttpFetchResult result) {
        f.done = true;
        try {
            f.callback.onResult(result);
        } catch (RuntimeException e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    private HttpFetchResult result(Fetch f, Exchange ex, long bytes, String sha256, byte[] body, BulkError error) {
        long total = System.nanoTime() - f.startNanos;
        if (ex == null) {
            return new HttpFetchResult(f.url, null, -1, null, 0, 0, null, false, null,
                    new PhaseTimings(f.dnsNanos, -1, -1, -1, total), f.attempts, redirectsOf(f),
                    null, null, null, null, error, null, captures(f));
        }
        HttpConnection c = ex.connection;
        List<Map.Entry<String, String>> headers = config.keepHeaders() && ex.headers != null
                ? List.copyOf(ex.headers.entries()) : null;
        return new HttpFetchResult(ex.url, c != null ? c.ip : ex.address.getHostAddress(), ex.status, ex.version,
                bytes, ex.wireBytes, ex.contentEncoding, ex.chunked, sha256,
                new PhaseTimings(f.dnsNanos, ex.connectNanos, ex.tlsNanos, ex.ttfbNanos, total), f.attempts,
                redirectsOf(f), c == null ? null : c.tlsVersion, c == null ? null : c.tlsCipher,
                headers, body != null ? body : ex.partialBody, error, retryAfter(ex), captures(f));
    }

    private List<WireCapture> captures(Fetch f) {
        if (!config.captureWire()) {
            return null;
        }
        return f.captures == null ? List.of() : List.copyOf(f.captures);
    }

    /** Only where RFC 9110 gives it meaning to a client that will ask again: 429, 503 (and 3xx, not followed here). */
    private static java.time.Duration retryAfter(Exchange ex) {
        if ((ex.status != 429 && ex.status != 503) || ex.headers == null) {
            return null;
        }
        return RetryAfter.parse(ex.headers.get(HttpHeaderNames.RETRY_AFTER), java.time.Instant.now());
    }

    private void onTick() {
        deadlines.expire(System.nanoTime(), Integer.MAX_VALUE, this::onDeadline);
    }

    private void onDeadline(Fetch f) {
        Exchange ex = f.exchange;
        BulkError error = BulkError.of(ErrorKind.DEADLINE_EXCEEDED,
                "not finished within " + config.totalTimeout().toMillis() + " ms");
        if (ex != null && ex.connection != null && ex.connection.head() == ex) {
            ex.connection.close(error); // a trickling response: the connection cannot be reused anyway
        }
        fail(f, ex, error);
    }

    void forget(HttpConnection c) {
        live.remove(c);
    }

    HttpEngineConfig config() {
        return config;
    }

    /** True once {@link #close()} began: connections closing then must not make pools open new ones. */
    boolean closed() {
        return closed;
    }

    ConnectionBudget budget() {
        return budget;
    }

    /** The most connections this engine holds open at once: unlimited until file descriptors ran out. */
    public int connectionCap() {
        return budget.cap();
    }

    RequestWriter requests() {
        return requests;
    }

    BatchFlusher flusher() {
        return flusher;
    }

    /** Closes every connection; fetches still under way end as CANCELLED. */
    @Override
    public void close() {
        if (!loop.inEventLoop()) {
            loop.submit(this::close).syncUninterruptibly();
            return;
        }
        closed = true;
        tick.cancel(false);
        for (HttpConnection c : new ArrayList<>(live)) {
            c.close(BulkError.of(ErrorKind.CANCELLED, "HTTP engine closed"));
        }
        deadlines.expire(Long.MAX_VALUE, Integer.MAX_VALUE,
                f -> fail(f, f.exchange, BulkError.of(ErrorKind.CANCELLED, "HTTP engine closed")));
    }
}
