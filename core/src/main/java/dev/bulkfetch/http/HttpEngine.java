package dev.bulkfetch.http;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.loop.BatchFlusher;
import dev.bulkfetch.loop.DeadlineQueue;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Fetches URLs over HTTP/1.1 from one event loop: host names through the {@link DnsEngine} (never a
 * blocking lookup), keep-alive connections pooled per origin with optional pipelining, TLS with SNI,
 * redirects, and a total deadline per fetch. Every fetch ends in exactly one {@link HttpFetchResult}.
 *
 * <p>The path of one fetch: {@link #fetch} → {@link HostResolver} → the {@link HostPool} of its origin, which
 * sends it on a connection with room or has the {@link ConnectionFactory} open one (as the
 * {@link ConnectionBudget} allows). A connection's pipeline ({@link ChannelSetup}) is, in the order bytes
 * travel: [{@code SslHandler}] → {@link WireBytesCounter} → {@link ReadDeadlineHandler} →
 * {@link HeadAwareResponseDecoder} → {@link ResponseHandler}, which hands response parts to the
 * {@link HttpConnection}; the connection feeds the body through its {@link BodySink} (for compressed and large
 * bodies on a {@link DecodeWorkers} thread, through its {@link OffLoopBody}) and, when the response ends and
 * its body is decoded, hands the exchange to the {@link FetchFinisher}: a redirect goes to the {@link RedirectFollower}
 * (and its {@link RedirectGate}) and back to the start, anything else is the result for the callback.
 */
public final class HttpEngine implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final HttpEngineConfig config;
    private final FetchOptions defaults;
    private final EventLoop loop;
    private final HostResolver resolver;
    private final FetchFinisher finisher;
    private final ConnectionFactory connections;
    private final Map<String, HostPool> pools = new HashMap<>();
    private final DeadlineQueue<Fetch> deadlines = new DeadlineQueue<>();
    private final ScheduledFuture<?> tick;
    private final ConnectionBudget budget;
    /** decode and hash large bodies off the loop; null when the config says 0 threads */
    private final DecodeWorkers workers;
    private boolean closed;

    private HttpEngine(HttpEngineConfig config, EventLoop loop, DnsEngine dns, HostsFile hosts) {
        this.config = config;
        this.defaults = FetchOptions.of(config);
        this.loop = loop;
        this.resolver = new HostResolver(hosts, dns);
        this.finisher = new FetchFinisher(config, this::begin);
        this.workers = config.decodeThreads() > 0 ? new DecodeWorkers(config.decodeThreads()) : null;
        ConnectionContext context = new ConnectionContext(config, new RequestWriter(config), new BatchFlusher(loop),
                finisher, workers);
        this.connections = new ConnectionFactory(loop, new TlsContexts(config.insecure(), config.caFile()), context);
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
            finisher.fail(f, null, BulkError.of(ErrorKind.CANCELLED, "HTTP engine closed"));
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
    public void resolve(HttpUrl url, BiConsumer<InetAddress, BulkError> callback) {
        resolver.resolve(url, (address, dnsNanos, error) -> callback.accept(address, error));
    }

    /** Resolves the fetch's current URL and queues its request at the pool of its origin. */
    private void begin(Fetch f) {
        f.starting();
        resolver.resolve(f.url(), (address, dnsNanos, error) -> {
            if (f.done()) {
                return;
            }
            f.resolved(dnsNanos);
            if (error != null) {
                finisher.fail(f, null, error);
                return;
            }
            poolOf(f.url()).submit(new Exchange(f, address));
        });
    }

    private HostPool poolOf(HttpUrl url) {
        return pools.computeIfAbsent(url.origin(),
                k -> new HostPool(connections, budget, finisher, config.perHost(), PipelineDepth.of(config)));
    }

    /** How the origins fetched from so far pipelined; from any thread. */
    public PipeliningStats pipelining() {
        if (!loop.inEventLoop()) {
            try {
                return loop.submit(this::pipelining).syncUninterruptibly().getNow();
            } catch (RejectedExecutionException e) {
                return PipeliningStats.NONE; // the loop is gone, and the stats with it: nothing to report
            }
        }
        PipeliningStats total = PipeliningStats.NONE;
        for (HostPool p : pools.values()) {
            total = total.plus(p.pipelining());
        }
        return total;
    }

    /** Peak number of connections the pool of this URL's origin had open at once. */
    public int peakConnections(HttpUrl url) {
        HostPool p = pools.get(url.origin());
        return p == null ? 0 : p.peakOpen();
    }

    /** A connection of {@code url}'s pool on a channel already connected to {@code peer} (tests feed it bytes). */
    HttpConnection adopt(Channel channel, HttpUrl url, InetAddress peer) {
        return connections.adopt(channel, poolOf(url), peer);
    }

    /** The most connections this engine holds open at once: unlimited until file descriptors ran out. */
    public int connectionCap() {
        return budget.cap();
    }

    private void onTick() {
        deadlines.expire(System.nanoTime(), Integer.MAX_VALUE, this::onDeadline);
    }

    private void onDeadline(Fetch f) {
        Exchange ex = f.exchange();
        BulkError error = BulkError.of(ErrorKind.DEADLINE_EXCEEDED,
                "not finished within " + config.totalTimeout().toMillis() + " ms");
        if (ex != null) {
            ex.abort(error); // a trickling response: the connection cannot be reused anyway
        }
        finisher.fail(f, ex, error);
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
        connections.closeAll(BulkError.of(ErrorKind.CANCELLED, "HTTP engine closed"));
        deadlines.expire(Long.MAX_VALUE, Integer.MAX_VALUE,
                f -> finisher.fail(f, f.exchange(), BulkError.of(ErrorKind.CANCELLED, "HTTP engine closed")));
        if (workers != null) {
            workers.close();
        }
    }
}
