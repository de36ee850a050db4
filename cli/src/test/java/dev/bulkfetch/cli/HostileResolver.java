package dev.bulkfetch.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A UDP resolver on 127.0.0.1 that answers every question with hostile traffic first, chosen by a hash of the
 * question (so retransmits meet the same fate): a compression-pointer loop, the reply cut short, a 58,000-byte
 * datagram, replies to questions never asked, or a flood of forged ids, and then the genuine PTR answer
 * {@value #PTR}. One question in {@value #FATES} gets silence and one garbage only, so the client can only time
 * out; more would be a resolver losing a quarter of its queries, and the client's window would rightly shrink
 * to a crawl.
 */
final class HostileResolver implements AutoCloseable {
    static final String PTR = "genuine.bulkfetch.test.";
    /** Fates by question hash: all but the last two end with the genuine answer. */
    static final int FATES = 25;
    private static final int SILENT = FATES - 2;
    private static final int GARBAGE_ONLY = FATES - 1;

    private final DatagramSocket socket;
    private final Thread thread;
    private final SplittableRandom random = new SplittableRandom(11);
    private volatile boolean closed;

    HostileResolver() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSendBufferSize(1 << 20);
        thread = new Thread(this::serve, "hostile-resolver");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                answer(Arrays.copyOf(p.getData(), p.getLength()), (InetSocketAddress) p.getSocketAddress());
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                // a query this resolver cannot parse gets nothing, like from a real broken server
            }
        }
    }

    private void answer(byte[] query, InetSocketAddress to) throws IOException {
        int id = (query[0] & 0xFF) << 8 | query[1] & 0xFF;
        int questionEnd = 12;
        while (query[questionEnd] != 0) {
            questionEnd += query[questionEnd] + 1;
        }
        questionEnd += 5; // root label, type, class
        byte[] question = Arrays.copyOfRange(query, 12, questionEnd);
        int fate = Math.floorMod(Arrays.hashCode(question), FATES);
        byte[] genuine = reply(id, question, 1).answer(PTR).bytes();
        if (fate == SILENT) {
            return;
        }
        if (fate == GARBAGE_ONLY) {
            send(new byte[] {(byte) (id >> 8), (byte) id, 1, 2, 3}, to);
            return;
        }
        switch (fate % 5) {
            case 0 -> send(reply(id, question, 1).u16(0xC000 | questionEnd).bytes(), to); // points at itself
            case 1 -> send(Arrays.copyOf(genuine, genuine.length - 7), to);
            case 2 -> {
                // 1,600 records of 36 bytes: about 58 KB, near the largest datagram UDP carries
                Reply huge = reply(id, question, 1_600);
                for (int i = 0; i < 1_600; i++) {
                    huge.answer(PTR);
                }
                send(huge.bytes(), to);
            }
            case 3 -> {
                for (int i = 0; i < 20; i++) {
                    byte[] other = ("\u0005never\u0005asked\u0000").getBytes(StandardCharsets.US_ASCII);
                    send(reply(random.nextInt(65536), concat(other, new byte[] {0, 12, 0, 1}), 1).answer(PTR).bytes(), to);
                }
            }
            default -> {
                for (int i = 1; i <= 50; i++) {
                    send(reply((id + i * 977) & 0xFFFF, question, 1).answer("forged.example.").bytes(), to);
                }
            }
        }
        send(genuine, to);
    }

    private void send(byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    private static Reply reply(int id, byte[] question, int answers) {
        Reply r = new Reply();
        r.u16(id).u16(0x8180).u16(1).u16(answers).u16(0).u16(0);
        r.out.writeBytes(question);
        return r;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A reply under construction. */
    private static final class Reply {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Reply u16(int v) {
            out.write(v >>> 8 & 0xFF);
            out.write(v & 0xFF);
            return this;
        }

        /** A PTR record owned by the question (a pointer to offset 12) with {@code name} as its data. */
        Reply answer(String name) {
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            for (String label : name.split("\\.")) {
                rdata.write(label.length());
                rdata.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
            }
            rdata.write(0);
            u16(0xC00C).u16(12).u16(1).u16(0).u16(60).u16(rdata.size());
            out.writeBytes(rdata.toByteArray());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
