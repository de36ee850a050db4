package dev.bulkfetch.dns;

import dev.bulkfetch.loop.BatchFlusher;
import dev.bulkfetch.loop.DeadlineQueue;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks many DNS questions at once over UDP, straight to the resolvers, from one event loop: ids
 * matched against a table per socket, replies validated (source, id, question), retransmits on the
 * next resolver, TCP when a reply is truncated, and an in-flight window that adapts to loss.
 *
 * <p>The engine follows each question from asking to answer: send, accept or drop a reply, retry
 * or fail. Where an attempt goes (resolver and socket) and which resolvers may be asked is the
 * {@link ResolverPool}'s; what was seen on the wire is counted in {@link DnsCounters}.
 *
 * <p>Questions can be asked from any thread; answers arrive on the loop. Datagrams written while
 * handling one batch of events are flushed together once the batch is done.
 */
public final class DnsEngine implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final DnsEngineConfig config;
    private final EventLoop loop;
    private final ResolverPool pool;
    private final DnsCounters counters = new DnsCounters();
    private final DeadlineQueue<PendingQuery> timeouts = new DeadlineQueue<>();
    private final DnsWindow window;
    private final ArrayDeque<PendingQuery> backlog = new ArrayDeque<>();
    private final long timeoutNanos;
    private final DnsReplyReader reader = new DnsReplyReader();
    private final DnsQueryWriter queryWriter = new DnsQueryWriter();
    private ScheduledFuture<?> tick;
    private int inFlight;
    private boolean pumping;
    private boolean closed;

    private DnsEngine(DnsEngineConfig config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        this.pool = new ResolverPool(config, loop, new BatchFlusher(loop));
        this.timeoutNanos = config.timeout().toNanos();
        this.window = new DnsWindow(config.initialWindow(), config.maxInFlight(), timeoutNanos);
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
            engine.pool.open(engine);
        } catch (Exception e) {
            engine.close();
            throw new IllegalStateException("cannot open DNS sockets: " + e.getMessage(), e);
        }
        engine.tick = loop.scheduleAtFixedRate(engine::onTick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
        return engine;
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
        q.resolverIndex = pool.nextTurn();
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

    /** What was seen on the wire so far; may be read from any thread (a progress line). */
    public DnsEngineStats stats() {
        return counters.snapshot();
    }

    /**
     * Sends q's next attempt to the first usable resolver from its turn on.
     *
     * @param now the time, read by the caller once for all it sends (a clock read per query showed in profiles)
     * @return false when q went back to the head of the backlog to wait (no ids free, resolvers resting)
     */
    private boolean sendUdp(PendingQuery q, long now) {
        int r = pool.pick(q.resolverIndex, now);
        if (r < 0) {
            if (!pool.hopeless(now)) {
                backlog.addFirst(q); // a resolver that answered before is resting: wait for it
                return false;
            }
            counters.notSent();
            finish(q, failure(q, pool.noneUsable(now)));
            return true;
        }
        q.resolverIndex = r;
        UdpResolverSocket s = pool.socketFor(r);
        if (s == null) {
            backlog.addFirst(q); // all ids of this resolver are taken; wait for replies to free some
            return false;
        }
        pool.onSent(r, now, q.attempts == 0);
        q.id = s.table.register(q);
        q.table = s.table;
        q.viaTcp = false;
        beginAttempt(q, now);
        s.writeQuery(queryWriter, q.id, q.qnameWire, q.question.type(), config.recursionDesired(), config.ednsPayload());
        return true;
    }

    private void sendTcp(PendingQuery q) {
        TcpResolverConnection c = pool.tcpConnection(q.resolverIndex, this);
        int id = c.table.register(q);
        if (id < 0) {
            retryOrFail(q);
            return;
        }
        q.id = id;
        q.table = c.table;
        q.viaTcp = true;
        beginAttempt(q, System.nanoTime());
        c.writeQuery(queryWriter, id, q.qnameWire, q.question.type(), config.recursionDesired());
    }

    private void beginAttempt(PendingQuery q, long now) {
        counters.sent(q.attempts > 0);
        q.attempts++;
        q.sentAtNanos = now;
        q.deadlineNanos = q.sentAtNanos + timeoutNanos;
        timeouts.add(q);
    }

    /** A datagram on a resolver's socket; {@code sender} is null when the kernel already checked it. */
    void onUdpReply(UdpResolverSocket socket, ByteBuf buf, InetSocketAddress sender) {
        counters.replyReceived();
        if (sender != null && !sender.equals(socket.resolver)) {
            counters.wrongSource();
            return;
        }
        onReply(buf, socket.table, socket.resolverIndex, socket.resolver);
    }

    void onTcpReply(TcpResolverConnection connection, ByteBuf frame) {
        counters.replyReceived();
        onReply(frame, connection.table, connection.resolverIndex, connection.resolver);
    }

    /** A reply from the resolver asked on {@code table}'s socket or connection: the query its id names, if any. */
    private void onReply(ByteBuf buf, InflightTable table, int resolverIndex, InetSocketAddress resolver) {
        int id = reader.load(buf);
        if (id < 0) {
            counters.malformed();
            return;
        }
        PendingQuery q = table.get(id);
        if (q == null) {
            counters.unmatchedId();
            return;
        }
        accept(q, table, resolverIndex, resolver);
    }

    /** Takes the reply {@link DnsReplyReader#load loaded} into the reader for q, if it answers q. */
    private void accept(PendingQuery q, InflightTable table, int resolverIndex, InetSocketAddress resolver) {
        if (!reader.answersQuestion(q.qnameWire, q.question.type())) {
            counters.wrongQuestion();
            return; // the genuine reply may still come; the query keeps waiting
        }
        DnsReply reply;
        try {
            reply = reader.parse(q.qnameWire, q.owner);
        } catch (MalformedReplyException e) {
            counters.malformed();
            return;
        }
        counters.accepted();
        pool.onAnswer(resolverIndex);
        table.release(q.id);
        q.table = null;
        long now = System.nanoTime();
        long rtt = now - q.sentAtNanos;
        window.onReply();
        if (reply.truncated() && !q.viaTcp) {
            counters.truncated();
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
            q.resolverIndex = pool.after(q.resolverIndex);
            sendUdp(q, System.nanoTime());
            return;
        } else if (q.lastUnreachable != null) {
            // a refusal is not an answer: the question goes on to a resolver that may still be asked, even
            // past --retries (each refusal sets its resolver aside, so this ends after one try per resolver)
            long now = System.nanoTime();
            int next = pool.pick(pool.after(q.resolverIndex), now);
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
        return new DnsAnswer(q.question, q.lastRcode, List.of(), List.of(), pool.address(q.resolverIndex), -1,
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
        counters.timedOut();
        if (q.table != null) {
            q.table.release(q.id);
            q.table = null;
        }
        long now = System.nanoTime();
        pool.onTimeout(q.resolverIndex, now);
        q.lastUnreachable = null;
        window.onTimeout(now);
        retryOrFail(q);
    }

    void onTcpClosed(TcpResolverConnection connection) {
        pool.onTcpClosed(connection);
        // questions waiting on a dead connection move on now rather than at their deadline
        ResolverPool.drain(connection.table, q -> {
            counters.timedOut();
            retryOrFail(q);
        });
    }

    /** An error on a TCP connection: it closes, and its questions move on when it does. */
    void onTcpError() {
        counters.socketError();
    }

    /**
     * An error reported by a resolver's UDP socket. ICMP unreachable (the kernel reports it on the
     * next send or receive of a connected socket) says every query waiting on that resolver is lost:
     * they move on to the next resolver now instead of at their deadline, and the resolver rests.
     */
    void onSocketError(UdpResolverSocket socket, Throwable cause) {
        counters.socketError();
        BulkError icmp = ResolverHealth.unreachableError(socket.resolver, cause);
        if (icmp == null || closed) {
            return;
        }
        counters.unreachableReport();
        pool.onUnreachable(socket.resolverIndex, icmp, System.nanoTime(), q -> {
            q.lastUnreachable = icmp;
            retryOrFail(q);
        });
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
        pool.close(q -> finish(q, failure(q, ErrorKind.CANCELLED, "DNS engine closed")));
    }
}
