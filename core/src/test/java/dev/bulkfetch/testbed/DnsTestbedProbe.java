package dev.bulkfetch.testbed;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A plain DNS client for testing the testbed from the outside: hand-written wire encoding and decoding
 * (independent of Netty's codec, so the two cannot share a bug) over java.net sockets on loopback.
 */
final class DnsTestbedProbe implements AutoCloseable {

    static final int A = 1;
    static final int NS = 2;
    static final int CNAME = 5;
    static final int SOA = 6;
    static final int PTR = 12;
    static final int MX = 15;
    static final int TXT = 16;
    static final int AAAA = 28;
    static final int SRV = 33;
    static final int OPT = 41;
    static final int ANY = 255;
    static final int CAA = 257;

    static final int NOERROR = 0;
    static final int SERVFAIL = 2;
    static final int NXDOMAIN = 3;
    static final int NOTIMP = 4;
    static final int REFUSED = 5;

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final byte[] buffer = new byte[65535];

    /** A UDP client connected to {@code server}, waiting at most {@code timeoutMillis} per reply. */
    DnsTestbedProbe(InetSocketAddress server, int timeoutMillis) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.connect(server);
        socket.setSoTimeout(timeoutMillis);
    }

    DnsTestbedProbe(InetSocketAddress server) throws IOException {
        this(server, 2000);
    }

    /** Sends {@code message} as one datagram. */
    void send(byte[] message) throws IOException {
        socket.send(new DatagramPacket(message, message.length, server));
    }

    /** The next reply; {@link java.net.SocketTimeoutException} when none arrives in time. */
    Reply receive() throws IOException {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return decode(packet.getData(), packet.getLength());
    }

    /** Sends a query and waits for its reply. */
    Reply ask(byte[] query) throws IOException {
        send(query);
        return receive();
    }

    /** Asks for {@code type} at {@code name} over UDP, without EDNS. */
    Reply ask(String name, int type) throws IOException {
        return ask(query(0x1234, name, type));
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Sends every query on one TCP connection in a single write (pipelined) and reads as many replies. */
    static List<Reply> askTcp(InetSocketAddress server, byte[]... queries) throws IOException {
        try (Socket tcp = new Socket()) {
            tcp.connect(server, 2000);
            tcp.setSoTimeout(5000);
            ByteArrayOutputStream framed = new ByteArrayOutputStream();
            for (byte[] query : queries) {
                framed.write(query.length >>> 8);
                framed.write(query.length & 0xff);
                framed.writeBytes(query);
            }
            OutputStream out = tcp.getOutputStream();
            out.write(framed.toByteArray());
            out.flush();
            DataInputStream in = new DataInputStream(tcp.getInputStream());
            List<Reply> replies = new ArrayList<>();
            for (int i = 0; i < queries.length; i++) {
                replies.add(readFrame(in));
            }
            return replies;
        }
    }

    /** Reads one length-prefixed DNS message from a TCP stream. */
    static Reply readFrame(InputStream stream) throws IOException {
        DataInputStream in = stream instanceof DataInputStream ? (DataInputStream) stream : new DataInputStream(stream);
        int length = in.readUnsignedShort();
        byte[] message = new byte[length];
        in.readFully(message);
        return decode(message, length);
    }

    /** A query with RD set and no EDNS. */
    static byte[] query(int id, String name, int type) {
        return query(id, name, type, 0);
    }

    /** A query with RD set, with an OPT record advertising {@code ednsSize} when it is above 0. */
    static byte[] query(int id, String name, int type, int ednsSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, id);
        writeShort(out, 0x0100); // RD
        writeShort(out, 1);
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, ednsSize > 0 ? 1 : 0);
        writeName(out, name);
        writeShort(out, type);
        writeShort(out, 1); // IN
        if (ednsSize > 0) {
            out.write(0); // root owner
            writeShort(out, OPT);
            writeShort(out, ednsSize);
            writeShort(out, 0);
            writeShort(out, 0); // ext rcode, version, flags
            writeShort(out, 0); // no options
        }
        return out.toByteArray();
    }

    /** The reverse name of {@code address}: {@code d.c.b.a.in-addr.arpa} or 32 nibbles {@code .ip6.arpa}. */
    static String reverseName(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder();
        if (bytes.length == 4) {
            for (int i = 3; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append('.');
            }
            return name.append("in-addr.arpa.").toString();
        }
        for (int i = 15; i >= 0; i--) {
            name.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.');
            name.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append('.');
        }
        return name.append("ip6.arpa.").toString();
    }

    /** One question of a reply. */
    record Question(String name, int type, int dnsClass) {
    }

    /** One resource record, its RDATA rendered in presentation format (TXT strings quoted). */
    record Rr(String name, int type, int dnsClass, long ttl, String data) {
    }

    /** A decoded reply. */
    record Reply(int id, boolean qr, int opcode, boolean aa, boolean tc, boolean rd, int rcode,
                 List<Question> questions, List<Rr> answers, List<Rr> authority, List<Rr> additional, int size) {

        /** The rendered data of every answer record, in order. */
        List<String> answerData() {
            return answers.stream().map(Rr::data).toList();
        }
    }

    static Reply decode(byte[] message, int length) {
        Reader r = new Reader(message, length);
        int id = r.u16();
        int flags = r.u16();
        int qd = r.u16();
        int an = r.u16();
        int ns = r.u16();
        int ar = r.u16();
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < qd; i++) {
            questions.add(new Question(r.name(), r.u16(), r.u16()));
        }
        List<Rr> answers = r.records(an);
        List<Rr> authority = r.records(ns);
        List<Rr> additional = r.records(ar);
        if (r.pos != length) {
            throw new IllegalStateException("trailing bytes after the last record: " + (length - r.pos));
        }
        return new Reply(id, (flags & 0x8000) != 0, (flags >> 11) & 0xf, (flags & 0x0400) != 0,
                (flags & 0x0200) != 0, (flags & 0x0100) != 0, flags & 0xf,
                questions, answers, authority, additional, length);
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        for (String label : name.split("\\.")) {
            if (!label.isEmpty()) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
        }
        out.write(0);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }

    /** Cursor over a message, following compression pointers in names. */
    private static final class Reader {
        private final byte[] bytes;
        private final int length;
        private int pos;

        Reader(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        int u8() {
            if (pos >= length) {
                throw new IllegalStateException("message ends early at " + pos);
            }
            return bytes[pos++] & 0xff;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        long u32() {
            return ((long) u16() << 16) | u16();
        }

        String name() {
            StringBuilder name = new StringBuilder();
            int cursor = pos;
            boolean jumped = false;
            for (int hops = 0; hops < 128; hops++) {
                int len = bytes[cursor] & 0xff;
                if (len == 0) {
                    if (!jumped) {
                        pos = cursor + 1;
                    }
                    return name.length() == 0 ? "." : name.toString();
                }
                if ((len & 0xc0) == 0xc0) {
                    int target = ((len & 0x3f) << 8) | (bytes[cursor + 1] & 0xff);
                    if (!jumped) {
                        pos = cursor + 2;
                    }
                    jumped = true;
                    cursor = target;
                    continue;
                }
                name.append(new String(bytes, cursor + 1, len, StandardCharsets.US_ASCII)).append('.');
                cursor += 1 + len;
            }
            throw new IllegalStateException("name compression loop");
        }

        List<Rr> records(int count) {
            List<Rr> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = name();
                int type = u16();
                int dnsClass = u16();
                long ttl = u32();
                int rdLength = u16();
                int end = pos + rdLength;
                records.add(new Rr(name, type, dnsClass, ttl, rdata(type, rdLength)));
                if (pos != end) {
                    throw new IllegalStateException("RDATA of type " + type + " not consumed exactly");
                }
            }
            return records;
        }

        private String rdata(int type, int rdLength) {
            int start = pos;
            switch (type) {
                case A:
                case AAAA:
                    byte[] address = new byte[rdLength];
                    System.arraycopy(bytes, pos, address, 0, rdLength);
                    pos += rdLength;
                    try {
                        return InetAddress.getByAddress(address).getHostAddress(); // bytes, never a lookup
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                case NS:
                case CNAME:
                case PTR:
                    return name();
                case MX:
                    return u16() + " " + name();
                case SRV:
                    return u16() + " " + u16() + " " + u16() + " " + name();
                case SOA:
                    return name() + " " + name() + " " + u32() + " " + u32() + " " + u32() + " " + u32() + " " + u32();
                case TXT: {
                    List<String> strings = new ArrayList<>();
                    while (pos < start + rdLength) {
                        int len = u8();
                        strings.add('"' + new String(bytes, pos, len, StandardCharsets.US_ASCII) + '"');
                        pos += len;
                    }
                    return String.join(" ", strings);
                }
                case CAA: {
                    int flags = u8();
                    int tagLength = u8();
                    String tag = new String(bytes, pos, tagLength, StandardCharsets.US_ASCII);
                    pos += tagLength;
                    String value = new String(bytes, pos, start + rdLength - pos, StandardCharsets.US_ASCII);
                    pos = start + rdLength;
                    return flags + " " + tag + " \"" + value + '"';
                }
                default:
                    pos += rdLength;
                    return HexFormat.of().formatHex(bytes, start, start + rdLength);
            }
        }
    }
}
