package dev.bulkfetch.dns;

import dev.bulkfetch.loop.BatchFlusher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A reused TCP connection to one resolver for questions whose UDP reply was truncated. Messages
 * carry the two-byte length prefix of RFC 1035 4.2.2; several may be in flight on it (RFC 7766).
 * Questions asked before the connection is up wait here, since a channel refuses writes until then.
 */
final class TcpResolverConnection implements BatchFlusher.Target {
    final int resolverIndex;
    final InetSocketAddress resolver;
    final InflightTable table;
    private Channel channel;
    private boolean connected;
    private final List<ByteBuf> waiting = new ArrayList<>();
    private boolean unflushed;

    private final BatchFlusher flusher;

    TcpResolverConnection(int resolverIndex, InetSocketAddress resolver, InflightTable table, BatchFlusher flusher) {
        this.flusher = flusher;
        this.resolverIndex = resolverIndex;
        this.resolver = resolver;
        this.table = table;
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    boolean isUsable() {
        return channel != null && (channel.isActive() || !connected);
    }

    /** Queues a query with its length prefix; over TCP the full answer fits, so no EDNS size is needed. */
    void writeQuery(DnsQueryWriter writer, int id, byte[] qnameWire, int qtype, boolean recursionDesired) {
        int size = DnsQueryWriter.size(qnameWire, 0);
        ByteBuf framed = ByteBufAllocator.DEFAULT.ioBuffer(2 + size);
        framed.writeShort(size);
        writer.write(framed, id, qnameWire, qtype, recursionDesired, 0);
        write(framed);
    }

    private void write(ByteBuf framed) {
        if (!connected) {
            waiting.add(framed);
            return;
        }
        channel.write(framed, channel.voidPromise());
        if (!unflushed) {
            unflushed = true;
            flusher.schedule(this);
        }
    }

    void onConnected() {
        connected = true;
        for (ByteBuf b : waiting) {
            channel.write(b, channel.voidPromise());
        }
        waiting.clear();
        channel.flush();
    }

    @Override
    public void flushBatch() {
        unflushed = false;
        channel.flush();
    }

    /** Drops the messages that never got sent, when the connection failed. */
    void discardWaiting() {
        for (ByteBuf b : waiting) {
            b.release();
        }
        waiting.clear();
    }

    void close() {
        discardWaiting();
        if (channel != null) {
            channel.close();
        }
    }
}
