package dev.bulkfetch.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP "resolver" on 127.0.0.1 (or ::1) whose every reply is scripted by the test: it can stay silent,
 * forge ids or questions, send garbage, or answer properly, in any order.
 */
final class ScriptedResolver implements AutoCloseable {

    /** Decides what to send back for one received query. */
    interface Script {
        void onQuery(Query query, ScriptedResolver server) throws IOException;
    }

    /** A received query. */
    record Query(int id, String name, int type, byte[] bytes, InetSocketAddress from) {
    }

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger received = new AtomicInteger();
    private volatile boolean closed;

    ScriptedResolver(Script script) throws SocketException {
        this(InetAddress.getLoopbackAddress(), script);
    }

    /** @param bind a loopback address of either family */
    ScriptedResolver(InetAddress bind, Script script) throws SocketException {
        this(new InetSocketAddress(bind, 0), script);
    }

    /** @param bind a loopback address and port: a given port starts a resolver again where one was */
    ScriptedResolver(InetSocketAddress bind, Script script) throws SocketException {
        socket = new DatagramSocket(bind);
        thread = new Thread(() -> {
            byte[] buf = new byte[4096];
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                    byte[] bytes = java.util.Arrays.copyOf(p.getData(), p.getLength());
                    received.incrementAndGet();
                    script.onQuery(parse(bytes, (InetSocketAddress) p.getSocketAddress()), this);
                } catch (IOException e) {
                    if (!closed) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }, "scripted-resolver");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    int received() {
        return received.get();
    }

    void send(byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    /** The honest answer to a query: one A record, 127.0.0.9, owned by the question name. */
    static byte[] genuine(Query q) {
        return ReplyBytes.answerHeader(q.id(), 0, 1).question(q.name(), q.type())
                .pointer(12).rr(DnsRecordType.A, 60, new byte[] {127, 0, 0, 9}).bytes();
    }

    static Query parse(byte[] b, InetSocketAddress from) {
        ByteBuffer in = ByteBuffer.wrap(b);
        int id = in.getShort(0) & 0xFFFF;
        StringBuilder name = new StringBuilder();
        int p = 12;
        while (b[p] != 0) {
            int len = b[p];
            name.append(new String(b, p + 1, len, StandardCharsets.US_ASCII)).append('.');
            p += len + 1;
        }
        int type = in.getShort(p + 1) & 0xFFFF;
        return new Query(id, name.toString(), type, b, from);
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
