package dev.bulkfetch.testbed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RDATA wire encodings (RFC 1035 and friends) for the record types the zone serves as raw records.
 * Names inside RDATA are written uncompressed, as Netty's record encoder does for owner names.
 */
final class DnsTestbedRdata {

    private DnsTestbedRdata() {
    }

    /** A domain name in wire form: length-prefixed labels ending with the root label. */
    static byte[] name(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 2);
        writeName(out, name);
        return out.toByteArray();
    }

    /** SOA: primary server, responsible mailbox, then serial, refresh, retry, expire, minimum. */
    static byte[] soa(String mname, String rname, long serial, int refresh, int retry, int expire, int minimum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        writeName(out, mname);
        writeName(out, rname);
        writeInt(out, (int) serial);
        writeInt(out, refresh);
        writeInt(out, retry);
        writeInt(out, expire);
        writeInt(out, minimum);
        return out.toByteArray();
    }

    /** MX: preference then exchange. */
    static byte[] mx(int preference, String exchange) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        writeShort(out, preference);
        writeName(out, exchange);
        return out.toByteArray();
    }

    /** TXT: one length-prefixed character-string per argument. */
    static byte[] txt(String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        for (String s : strings) {
            writeCharacterString(out, s);
        }
        return out.toByteArray();
    }

    /** SRV (RFC 2782): priority, weight, port, target. */
    static byte[] srv(int priority, int weight, int port, String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        writeShort(out, priority);
        writeShort(out, weight);
        writeShort(out, port);
        writeName(out, target);
        return out.toByteArray();
    }

    /** CAA (RFC 8659): flags, tag as a character-string, value as the remaining bytes. */
    static byte[] caa(int flags, String tag, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        out.write(flags);
        writeCharacterString(out, tag);
        out.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        int end = name.endsWith(".") ? name.length() - 1 : name.length();
        int labelStart = 0;
        for (int i = 0; i <= end && end > 0; i++) {
            if (i == end || name.charAt(i) == '.') {
                byte[] label = name.substring(labelStart, i).getBytes(StandardCharsets.US_ASCII);
                if (label.length < 1 || label.length > 63) {
                    throw new IllegalArgumentException("bad label length " + label.length + " in " + name);
                }
                out.write(label.length);
                out.writeBytes(label);
                labelStart = i + 1;
            }
        }
        out.write(0);
    }

    private static void writeCharacterString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("character-string longer than 255 bytes: " + s);
        }
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        writeShort(out, value >>> 16);
        writeShort(out, value & 0xffff);
    }
}
