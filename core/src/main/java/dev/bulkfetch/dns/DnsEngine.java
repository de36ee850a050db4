package dev.bulkfetch.dns;

import dev.bulkfetch.loop.BatchFlusher;
import dev.bulkfetch.loop.DeadlineQueue;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.error.Failures;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Asks many DNS questions at once over UDP, straight to the resolvers, from one event loop: ids
 * matched against a table per socket, replies validated (source, id, question), retransmits on the
 * next resolver, TCP when a reply is truncated, and an in-flight window that adapts to loss.
 *
 * <p>Questions can be asked from any thread; answers arrive on the loop. Datagrams written while
 * handling one batch of events are flushed together once the batch is done.
 */
public final class DnsEngine implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Larger UDP replies are cut by the kernel and then fail to parse: far above our EDNS size (1232). */
    private static final int MAX_REPLY_BYTES = 4096;
    /** Replies taken by one recvmmsg call under epoll. */
    private static final int REPLIES_PER_READ_CALL = 16;
    private static final int TCP_MAX_MESSAGE = 65535;
    private static final long MIN_SILENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final DnsEngineConfig config;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final ResolverPool pool;
    private final UdpResolverSocket[][] sockets;
    private final int[] nextSocket;
    private final TcpResolverConnection[] tcp;
    private final SplittableRandom random = new SplittableRandom();
    private final DeadlineQueue<PendingQuery> timeouts = new DeadlineQueue<>();
    private final DnsWindow window;
    private final ArrayDeque<PendingQuery> backlog = new ArrayDeque<>();
    private final long timeoutNanos;
    private final BatchFlusher flusher;
    private final DnsReplyReader reader = new DnsReplyReader();
    private final DnsQueryWriter queryWriter = new DnsQueryWriter();
    private final ResolverHealth health;
    private ScheduledFuture<?> tick;
    private int inFlight;
    private boolean pumping;
    private int nextResolver;
    private boolean closed;

    // loop-confined counters; volatile so a progress reader on another thread sees recent values
    private volatile long queriesSent;
    private volatile long retransmits;
    private volatile long repliesReceived;
    private volatile long accepted;
    private volatile long unmatchedId;
    private volatile long wrongQuestion;
    private volatile long wrongSource;
    private volatile long malformed;
    private volatile long truncated;
    private volatile long timeoutCount;
    private volatile long socketErrors;
    private volatile long unreachableReports;
    private volatile long notSent;

    private DnsEngine(DnsEngineConfig config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        this.alloc = ByteBufAllocator.DEFAULT;
        this.pool = new ResolverPool(config.resolvers());
        this.sockets = new UdpResolverSocket[pool.size()][];
        this.nextSocket = new int[pool.size()];
        this.tcp = new TcpResolverConnection[pool.size()];
        this.timeoutNanos = config.timeout().toNanos();
        this.window = new DnsWindow(config.initialWindow(), config.maxInFlight(), timeoutNanos);
        this.health = new ResolverHealth(pool, timeoutNanos, silenceNanos(timeoutNanos, config.retries()));
        this.flusher = new BatchFlusher(loop);
    }

    /**
     * How long a resolver may leave every question unanswered before it counts as gone: a whole
     * retransmit budget (as long as one question may take before it times out for good), but never
     * under 2 s, so that a short {@code --timeout} does not give up on a resolver that is only slow to
     * start (a JVM warming up, a cache filling) on a busy machine.
     */
    static long silenceNanos(long timeoutNanos, int retries) {
        return Math.max(timeoutNanos * (retries + 1L), MIN_SILENCE_NANOS);
    }

    /**
     * Opens the UDP sockets (connected, one set per resolver) on the given loop and starts the
     * retransmit timer.
     *
     * @throws IllegalStateException when a socket cannot be opened (the cause says why)
     */
    public static DnsEngine start(DnsEngineConfig config, EventLoop loop) {
        DnsEngine engine = new DnsEngine(config, loop);
        try {
            engine.openSockets();
        } catch (Exception e) {
            engine.close();
            throw new IllegalStateException("cannot open DNS sockets: " + e.getMessage(), e);
        }
        engine.tick = loop.scheduleAtFixedRate(engine::onTick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
        return engine;
    }

    private void openSockets() throws InterruptedException, ExecutionException {
        for (int r = 0; r < pool.size(); r++) {
            InetSocketAddress resolver = pool.get(r);
            sockets[r] = new UdpResolverSocket[config.socketsPerResolver()];
            for (int i = 0; i < sockets[r].length; i++) {
                InflightTable table = new InflightTable(random.split());
                Bootstrap b = new Bootstrap().group(loop)
                        .channelFactory(config.transport().datagramChannelFor(resolver.getAddress()))
                        .option(ChannelOption.SO_RCVBUF, config.socketBufferBytes())
                        .option(ChannelOption.SO_SNDBUF, config.socketBufferBytes())
                        .handler(new ChannelInboundHandlerAdapter());
                config.transport().datagramReads(b, MAX_REPLY_BYTES, REPLIES_PER_READ_CALL, 64);
                Channel ch = b.register().sync().channel();
                UdpResolverSocket socket = new UdpResolverSocket(r, resolver, ch, table, flusher);
                // the handler needs the socket, which needs the channel: added once both exist, before connect
                ch.pipeline().addLast(new DnsReplyHandler(this, socket));
                ch.connect(resolver).sync();
                sockets[r][i] = socket;
            }
        }
    }

    /** Asks a question; the callback runs on the engine's loop exactly once. */
    public void query(DnsQuestion question, DnsCallback callback) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> query(question, callback));
            return;
        }
        byte[] wire;
        try {
            wire = DnsName.toWire(question.name());
        } catch (IllegalArgumentException e) {
            deliver(callback, new DnsAnswer(question, -1, List.of(), List.of(), null, -1, 0, 0,
                    BulkError.invalidInput("invalid name: " + e.getMessage())));
            return;
        }
        PendingQuery q = new PendingQuery(question, wire, callback, System.nanoTime());
        if (closed) {
            finish(q, failure(q, ErrorKind.CANCELLED, "DNS engine closed"));
            return;
        }
        q.resolverIndex = nextResolver;
        nextResolver = (nextResolver + 1) % pool.size();
        inFlight++;
        if (inFlight <= window.size() && backlog.isEmpty()) {
            sendUdp(q, q.askedAtNanos);
        } else {
            backlog.addLast(q);
        }
    }

    /** Asks a question and returns the answer as a future (completed on the loop). */
    public CompletableFuture<DnsAnswer> query(DnsQuestion question) {
        CompletableFuture<DnsAnswer> f = new CompletableFuture<>();
        query(question, f::complete);
        return f;
    }

    /** Questions asked and not answered yet, including those waiting for room in the window. */
    public int inFlight() {
        return inFlight;
    }

    public EventLoop loop() {
        return loop;
    }

    public DnsEngineStats stats() {
        return new DnsEngineStats(queriesSent, retransmits, repliesReceived, accepted, unmatchedId,
                wrongQuestion, wrongSource, malformed, truncated, timeoutCount, socketErrors, unreachableReports,
                notSent);
    }

    /**
     * Sends q's next attempt to the first usable resolver from its turn on.
     *
     * @param now the time, read by the caller once for all it sends (a clock read per query showed in profiles)
     * @return false when q went back to the head of the backlog to wait (no ids free, resolvers resting)
     */
    private boolean sendUdp(PendingQuery q, long now) {
        int r = health.pick(q.resolverIndex, now);
        if (r < 0) {
            if (!health.hopeless(now)) {
                backlog.addFirst(q); // a resolver that answered before is resting: wait for it
                return false;
            }
            notSent++;
            finish(q, failure(q, health.noneUsable(now)));
            return true;
        }
        q.resolverIndex = r;
        UdpResolverSocket s = pickSocket(r);
        if (s == null) {
            backlog.addFirst(q); // all ids of this resolver are taken; wait for replies to free some
            return false;
        }
        health.onSent(r, now, q.attempts == 0);
        q.id = s.table.register(q);
        q.table = s.table;
        q.viaTcp = false;
        beginAttempt(q, now);
        ByteBuf block = s.block(DnsQueryWriter.size(q.qnameWire, config.ednsPayload()));
        int start = block.writerIndex();
        queryWriter.write(block, q.id, q.qnameWire, q.question.type(), config.recursionDesired(), config.ednsPayload());
        s.write(s.sliceFrom(start));
        return true;
    }

    private void sendTcp(PendingQuery q) {
        TcpResolverConnection c = tcpConnection(q.resolverIndex);
        int id = c.table.register(q);
        if (id < 0) {
            retryOrFail(q);
            return;
        }
        q.id = id;
        q.table = c.table;
        q.viaTcp = true;
        beginAttempt(q, System.nanoTime());
        int size = DnsQueryWriter.size(q.qnameWire, 0);
        ByteBuf buf = alloc.ioBuffer(2 + size);
        buf.writeShort(size);
        // over TCP the full answer fits, so no EDNS size is needed
        queryWriter.write(buf, id, q.qnameWire, q.question.type(), config.recursionDesired(), 0);
        c.write(buf);
    }

    private void beginAttempt(PendingQuery q, long now) {
        if (q.attempts > 0) {
            retransmits++;
        }
        q.attempts++;
        queriesSent++;
        q.sentAtNanos = now;
        q.deadlineNanos = q.sentAtNanos + timeoutNanos;
        timeouts.add(q);
    }

    /**
     * The socket for the next query to a resolver: the one already taking this batch of loop work
     * while it has ids free, else the next socket with ids free. A batch leaves in one sendmmsg and
     * its replies come back on one socket, in few recvmmsg calls; spreading queries one by one
     * over the sockets cost a system call per socket per batch on both sides and measured slower
     * on loopback. Over many batches, queries still use every socket and source port.
     */
    private UdpResolverSocket pickSocket(int resolverIndex) {
        UdpResolverSocket[] set = sockets[resolverIndex];
        int current = nextSocket[resolverIndex];
        if (set[current].hasUnflushed() && set[current].table.hasFreeIds()) {
            return set[current];
        }
        for (int i = 1; i <= set.length; i++) {
            int k = (current + i) % set.length;
            if (set[k].table.hasFreeIds()) {
                nextSocket[resolverIndex] = k;
                return set[k];
            }
        }
        return null;
    }

    private TcpResolverConnection tcpConnection(int r) {
        TcpResolverConnection c = tcp[r];
        if (c != null && c.isUsable()) {
            return c;
        }
        TcpResolverConnection fresh = new TcpResolverConnection(r, pool.get(r), new InflightTable(random.split()), flusher);
        tcp[r] = fresh;
        Bootstrap b = new Bootstrap().group(loop).channel(config.transport().socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, config.timeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(TCP_MAX_MESSAGE + 2, 0, 2, 0, 2),
                                new DnsTcpReplyHandler(DnsEngine.this, fresh));
                    }
                });
        ChannelFuture f = b.connect(pool.get(r));
        fresh.attach(f.channel());
        return fresh;
    }

    void onUdpReply(UdpResolverSocket socket, ByteBuf buf, InetSocketAddress sender) {
        repliesReceived++;
        if (sender != null && !sender.equals(socket.resolver)) {
            wrongSource++;
            return;
        }
        int id = reader.load(buf);
        if (id < 0) {
            malformed++;
            return;
        }
        PendingQuery q = socket.table.get(id);
        if (q == null) {
            unmatchedId++;
            return;
        }
        accept(q, socket.table, socket.resolverIndex, socket.resolver);
    }

    void onTcpReply(TcpResolverConnection connection, ByteBuf frame) {
        repliesReceived++;
        int id = reader.load(frame);
        if (id < 0) {
            malformed++;
            return;
        }
        PendingQuery q = connection.table.get(id);
        if (q == null) {
            unmatchedId++;
            return;
        }
        accept(q, connection.table, connection.resolverIndex, connection.resolver);
    }

    /** Takes the reply {@link DnsReplyReader#load loaded} into the reader for q, if it answers q. */
    private void accept(PendingQuery q, InflightTable table, int resolverIndex, InetSocketAddress resolver) {
        if (!reader.answersQuestion(q.qnameWire, q.question.type())) {
            wrongQuestion++;
            return; // the genuine reply may still come; the query keeps waiting
        }
        DnsReply reply;
        try {
            reply = reader.parse(q.qnameWire, q.owner);
        } catch (MalformedReplyException e) {
            malformed++;
            return;
        }
        accepted++;
        health.onAnswer(resolverIndex);
        table.release(q.id);
        q.table = null;
        long now = System.nanoTime();
        long rtt = now - q.sentAtNanos;
        window.onReply();
        if (reply.truncated() && !q.viaTcp) {
            truncated++;
            sendTcp(q);
            return;
        }
        switch (reply.rcode()) {
            case DnsRcode.NOERROR, DnsRcode.NXDOMAIN -> {
                CnameChain chain = CnameChain.follow(q.owner, q.question.type(), reply.answers());
                finish(q, new DnsAnswer(q.question, reply.rcode(), chain.records(), chain.targets(), resolver,
                        rtt, now - q.askedAtNanos, q.attempts, null));
            }
            case DnsRcode.SERVFAIL, DnsRcode.REFUSED -> {
                q.lastRcode = reply.rcode();
                q.lastUnreachable = null;
                retryOrFail(q);
            }
            default -> finish(q, new DnsAnswer(q.question, reply.rcode(), List.of(), List.of(), resolver, rtt,
                    now - q.askedAtNanos, q.attempts, BulkError.of(ErrorKind.DNS_ERROR, "resolver answered " + DnsRcode.name(reply.rcode()))));
        }
    }

    private void retryOrFail(PendingQuery q) {
        if (closed) {
            // answered below as the last attempt ended
        } else if (q.attempts <= config.retries()) {
            q.resolverIndex = (q.resolverIndex + 1) % pool.size();
            sendUdp(q, System.nanoTime());
            return;
        } else if (q.lastUnreachable != null) {
            // a refusal is not an answer: the question goes on to a resolver that may still be asked, even
            // past --retries (each refusal sets its resolver aside, so this ends after one try per resolver)
            long now = System.nanoTime();
            int next = health.pick((q.resolverIndex + 1) % pool.size(), now);
            if (next >= 0) {
                q.resolverIndex = next;
                sendUdp(q, now);
                return;
            }
        }
        if (q.lastUnreachable != null) {
            finish(q, failure(q, q.lastUnreachable));
        } else if (q.lastRcode == DnsRcode.SERVFAIL) {
            finish(q, failure(q, ErrorKind.DNS_SERVFAIL, "SERVFAIL on all " + q.attempts + " attempts"));
        } else if (q.lastRcode == DnsRcode.REFUSED) {
            finish(q, failure(q, ErrorKind.DNS_REFUSED, "REFUSED on all " + q.attempts + " attempts"));
        } else {
            finish(q, failure(q, ErrorKind.DNS_TIMEOUT, "no reply after " + q.attempts + " attempts of "
                    + config.timeout().toMillis() + " ms"));
        }
    }

    private DnsAnswer failure(PendingQuery q, ErrorKind kind, String message) {
        return failure(q, BulkError.of(kind, message));
    }

    private DnsAnswer failure(PendingQuery q, BulkError error) {
        return new DnsAnswer(q.question, q.lastRcode, List.of(), List.of(), pool.get(q.resolverIndex), -1,
                System.nanoTime() - q.askedAtNanos, q.attempts, error);
    }

    private void finish(PendingQuery q, DnsAnswer answer) {
        q.done = true;
        inFlight--;
        deliver(q.callback, answer);
        pumpBacklog();
    }

    private static void deliver(DnsCallback callback, DnsAnswer answer) {
        try {
            callback.onAnswer(answer);
        } catch (RuntimeException e) {
            // a broken callback must not take the loop or other queries with it
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    /**
     * Sends from the backlog while the window has room. Not re-entered: a query that fails at once
     * (no usable resolver) finishes inside this loop, and its finish must not start another loop
     * below it, or a long backlog would nest as deep as it is long.
     */
    private void pumpBacklog() {
        if (pumping || backlog.isEmpty()) {
            return;
        }
        pumping = true;
        try {
            long now = System.nanoTime();
            // on the wire = in flight and not waiting in the backlog; a query failed at once leaves both counts
            while (!backlog.isEmpty() && inFlight - backlog.size() < window.size()) {
                if (!sendUdp(backlog.pollFirst(), now)) {
                    break;
                }
            }
        } finally {
            pumping = false;
        }
    }

    private void onTick() {
        long now = System.nanoTime();
        timeouts.expire(now, config.retransmitsPerTick(), this::onAttemptTimeout);
        pumpBacklog();
    }

    private void onAttemptTimeout(PendingQuery q) {
        timeoutCount++;
        if (q.table != null) {
            q.table.release(q.id);
            q.table = null;
        }
        long now = System.nanoTime();
        health.onTimeout(q.resolverIndex, now);
        q.lastUnreachable = null;
        window.onTimeout(now);
        retryOrFail(q);
    }

    void onTcpClosed(TcpResolverConnection connection) {
        connection.discardWaiting();
        if (tcp[connection.resolverIndex] == connection) {
            tcp[connection.resolverIndex] = null;
        }
        // questions waiting on a dead connection move on now rather than at their deadline
        connection.table.forEachWaiting(q -> {
            connection.table.release(q.id);
            q.table = null;
            timeoutCount++;
            retryOrFail(q);
        });
    }

    /** An error on a TCP connection: it closes, and its questions move on when it does. */
    void onTcpError() {
        socketErrors++;
    }

    /**
     * An error reported by a resolver's UDP socket. ICMP unreachable (the kernel reports it on the
     * next send or receive of a connected socket) says every query waiting on that resolver is lost:
     * they move on to the next resolver now instead of at their deadline, and the resolver rests.
     */
    void onSocketError(UdpResolverSocket socket, Throwable cause) {
        socketErrors++;
        BulkError icmp = unreachable(socket.resolver, cause);
        if (icmp == null || closed) {
            return; // e.g. ENOBUFS on send: the datagram is lost and its timeout will tell
        }
        unreachableReports++;
        health.onUnreachable(socket.resolverIndex, icmp, System.nanoTime());
        for (UdpResolverSocket s : sockets[socket.resolverIndex]) {
            if (s == null) {
                continue;
            }
            s.table.forEachWaiting(q -> {
                s.table.release(q.id);
                q.table = null;
                q.lastUnreachable = icmp;
                retryOrFail(q);
            });
        }
    }

    /** The DNS_UNREACHABLE error for an ICMP report on a socket, or null when the error is of another kind. */
    private static BulkError unreachable(InetSocketAddress resolver, Throwable cause) {
        BulkError seen = Failures.classify(cause, Failures.Phase.READ);
        String why = switch (seen.kind()) {
            case CONNECT_REFUSED -> "refused the query (ICMP port unreachable: nothing listens on that port)";
            case NO_ROUTE -> "is unreachable (ICMP host unreachable)";
            case NET_UNREACHABLE -> "is unreachable (ICMP network unreachable)";
            default -> null;
        };
        return why == null ? null
                : new BulkError(ErrorKind.DNS_UNREACHABLE, seen.errno(), "resolver " + ResolverPool.format(resolver) + " " + why);
    }

    /** Closes the sockets; questions still waiting are answered with CANCELLED. */
    @Override
    public void close() {
        if (!loop.inEventLoop()) {
            loop.submit(this::close).syncUninterruptibly();
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        if (tick != null) {
            tick.cancel(false);
        }
        while (!backlog.isEmpty()) {
            PendingQuery q = backlog.pollFirst();
            finish(q, failure(q, ErrorKind.CANCELLED, "DNS engine closed"));
        }
        for (UdpResolverSocket[] set : sockets) {
            if (set == null) {
                continue;
            }
            for (UdpResolverSocket s : set) {
                if (s == null) {
                    continue;
                }
                s.table.forEachWaiting(q -> {
                    s.table.release(q.id);
                    finish(q, failure(q, ErrorKind.CANCELLED, "DNS engine closed"));
                });
                s.releaseBlock();
                s.channel.close();
            }
        }
        for (TcpResolverConnection c : tcp) {
            if (c != null) {
                c.table.forEachWaiting(q -> {
                    c.table.release(q.id);
                    finish(q, failure(q, ErrorKind.CANCELLED, "DNS engine closed"));
                });
                c.close();
            }
        }
    }
}
