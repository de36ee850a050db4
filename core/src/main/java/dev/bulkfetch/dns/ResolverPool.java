package dev.bulkfetch.dns;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.loop.BatchFlusher;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The resolvers an engine asks and the ways to reach them: per resolver a set of connected UDP
 * sockets and, for truncated replies, one TCP connection opened when first needed. The pool chooses
 * where an attempt goes: the resolver (each new question takes the next in rotation, each retry
 * moves on, and {@link ResolverHealth} skips those set aside) and the socket that carries it.
 *
 * <p>Replies and socket errors go straight from the channels' handlers to the engine, which owns the
 * questions. Confined to the engine's event loop.
 */
final class ResolverPool {
    /** Larger UDP replies are cut by the kernel and then fail to parse: far above our EDNS size (1232). */
    private static final int MAX_REPLY_BYTES = 4096;
    /** Replies taken by one recvmmsg call under epoll. */
    private static final int REPLIES_PER_READ_CALL = 16;
    private static final int TCP_MAX_MESSAGE = 65535;

    private final DnsEngineConfig config;
    private final EventLoop loop;
    private final BatchFlusher flusher;
    private final InetSocketAddress[] resolvers;
    private final UdpResolverSocket[][] sockets;
    /** per resolver, the socket that took its last query */
    private final int[] currentSocket;
    private final TcpResolverConnection[] tcp;
    private final ResolverHealth health;
    /** seeds each socket's id shuffle */
    private final SplittableRandom random = new SplittableRandom();
    private int nextResolver;

    ResolverPool(DnsEngineConfig config, EventLoop loop, BatchFlusher flusher) {
        if (config.resolvers().isEmpty()) {
            throw new IllegalArgumentException("at least one resolver is needed");
        }
        this.config = config;
        this.loop = loop;
        this.flusher = flusher;
        this.resolvers = config.resolvers().toArray(new InetSocketAddress[0]);
        this.sockets = new UdpResolverSocket[resolvers.length][];
        this.currentSocket = new int[resolvers.length];
        this.tcp = new TcpResolverConnection[resolvers.length];
        long timeoutNanos = config.timeout().toNanos();
        this.health = new ResolverHealth(resolvers, timeoutNanos,
                ResolverHealth.silenceNanos(timeoutNanos, config.retries()));
    }

    /**
     * Opens the UDP sockets, one set per resolver, each connected to its resolver: the kernel then
     * drops datagrams from any other source, a first line against forged replies.
     */
    void open(DnsEngine engine) throws Exception {
        for (int r = 0; r < resolvers.length; r++) {
            InetSocketAddress resolver = resolvers[r];
            sockets[r] = new UdpResolverSocket[config.socketsPerResolver()];
            for (int i = 0; i < sockets[r].length; i++) {
                Bootstrap b = new Bootstrap().group(loop)
                        .channelFactory(config.transport().datagramChannelFor(resolver.getAddress()))
                        .option(ChannelOption.SO_RCVBUF, config.socketBufferBytes())
                        .option(ChannelOption.SO_SNDBUF, config.socketBufferBytes())
                        .handler(new ChannelInboundHandlerAdapter());
                config.transport().datagramReads(b, MAX_REPLY_BYTES, REPLIES_PER_READ_CALL, 64);
                Channel ch = b.register().sync().channel();
                UdpResolverSocket socket = new UdpResolverSocket(r, resolver, ch, new InflightTable(random.split()),
                        flusher);
                // the handler needs the socket, which needs the channel: added once both exist, before connect
                ch.pipeline().addLast(new DnsReplyHandler(engine, socket));
                ch.connect(resolver).sync();
                sockets[r][i] = socket;
            }
        }
    }

    int size() {
        return resolvers.length;
    }

    InetSocketAddress address(int r) {
        return resolvers[r];
    }

    /** The resolver a new question tries first: the next in rotation, so load spreads evenly. */
    int nextTurn() {
        int r = nextResolver;
        nextResolver = (nextResolver + 1) % resolvers.length;
        return r;
    }

    /** The resolver after {@code r}, where a retry goes so a resolver that failed a query does not get it again. */
    int after(int r) {
        return (r + 1) % resolvers.length;
    }

    /** The first resolver from {@code start} on that may be asked now, or -1; see {@link ResolverHealth}. */
    int pick(int start, long now) {
        return health.pick(start, now);
    }

    /** True when no resolver may be asked and none is worth waiting for. */
    boolean hopeless(long now) {
        return health.hopeless(now);
    }

    /** Why no resolver may be asked, as the error of a question that fails unsent. */
    BulkError noneUsable(long now) {
        return health.noneUsable(now);
    }

    void onSent(int r, long now, boolean firstAttempt) {
        health.onSent(r, now, firstAttempt);
    }

    void onAnswer(int r) {
        health.onAnswer(r);
    }

    void onTimeout(int r, long now) {
        health.onTimeout(r, now);
    }

    /**
     * The socket for the next query to a resolver, or null while all its ids are taken: the one
     * already taking this batch of loop work while it has ids free, else the next socket with ids
     * free. A batch leaves in one sendmmsg and its replies come back on one socket, in few recvmmsg
     * calls; spreading queries one by one over the sockets cost a system call per socket per batch on
     * both sides and measured slower on loopback. Over many batches, queries still use every socket
     * and source port.
     */
    UdpResolverSocket socketFor(int r) {
        UdpResolverSocket[] set = sockets[r];
        int current = currentSocket[r];
        if (set[current].hasUnflushed() && set[current].table.hasFreeIds()) {
            return set[current];
        }
        for (int i = 1; i <= set.length; i++) {
            int k = (current + i) % set.length;
            if (set[k].table.hasFreeIds()) {
                currentSocket[r] = k;
                return set[k];
            }
        }
        return null;
    }

    /** The resolver's TCP connection, opened now unless one is up or on its way. */
    TcpResolverConnection tcpConnection(int r, DnsEngine engine) {
        TcpResolverConnection c = tcp[r];
        if (c != null && c.isUsable()) {
            return c;
        }
        TcpResolverConnection fresh = new TcpResolverConnection(r, resolvers[r], new InflightTable(random.split()),
                flusher);
        tcp[r] = fresh;
        Bootstrap b = new Bootstrap().group(loop).channel(config.transport().socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, config.timeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(TCP_MAX_MESSAGE + 2, 0, 2, 0, 2),
                                new DnsTcpReplyHandler(engine, fresh));
                    }
                });
        fresh.attach(b.connect(resolvers[r]).channel());
        return fresh;
    }

    /** Forgets a connection that closed, so the next truncated reply opens a new one. */
    void onTcpClosed(TcpResolverConnection connection) {
        connection.discardWaiting();
        if (tcp[connection.resolverIndex] == connection) {
            tcp[connection.resolverIndex] = null;
        }
    }

    /**
     * The resolver's socket reported an ICMP error: it rests, and every query waiting on one of its
     * sockets is handed to {@code moveOn} with its id released.
     */
    void onUnreachable(int r, BulkError icmp, long now, Consumer<PendingQuery> moveOn) {
        health.onUnreachable(r, icmp, now);
        if (sockets[r] != null) {
            for (UdpResolverSocket s : sockets[r]) {
                if (s != null) {
                    drain(s.table, moveOn);
                }
            }
        }
    }

    /** Hands every query waiting on the table to {@code action}, its id released first. */
    static void drain(InflightTable table, Consumer<PendingQuery> action) {
        table.forEachWaiting(q -> {
            table.release(q.id);
            q.table = null;
            action.accept(q);
        });
    }

    /** Hands every query still waiting on a socket or connection to {@code action}, then closes them all. */
    void close(Consumer<PendingQuery> action) {
        for (UdpResolverSocket[] set : sockets) {
            if (set == null) {
                continue;
            }
            for (UdpResolverSocket s : set) {
                if (s != null) {
                    drain(s.table, action);
                    s.releaseBlock();
                    s.channel.close();
                }
            }
        }
        for (TcpResolverConnection c : tcp) {
            if (c != null) {
                drain(c.table, action);
                c.close();
            }
        }
    }
}
