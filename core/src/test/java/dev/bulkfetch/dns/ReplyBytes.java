package dev.bulkfetch.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds reply datagrams byte by byte, including deliberately broken ones, for engine tests. */
final class ReplyBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static ReplyBytes header(int id, int flags, int qd, int an, int ns, int ar) {
        ReplyBytes r = new ReplyBytes();
        r.u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
        return r;
    }

    /** A standard reply header (QR, AA, RD, RA) with the given rcode and one question. */
    static ReplyBytes answerHeader(int id, int rcode, int ancount) {
        return header(id, 0x8000 | 0x0400 | 0x0100 | 0x0080 | rcode, 1, ancount, 0, 0);
    }

    ReplyBytes name(String name) {
        for (String label : name.split("\\.")) {
            if (!label.isEmpty()) {
                byte[] l = label.getBytes(StandardCharsets.US_ASCII);
                out.write(l.length);
                out.writeBytes(l);
            }
        }
        out.write(0);
        return this;
    }

    ReplyBytes question(String name, int type) {
        return name(name).u16(type).u16(1);
    }

    ReplyBytes pointer(int offset) {
        return u16(0xC000 | offset);
    }

    ReplyBytes rr(int type, int ttl, byte[] rdata) {
        u16(type).u16(1).u32(ttl).u16(rdata.length);
        out.writeBytes(rdata);
        return this;
    }

    ReplyBytes u16(int v) {
        out.write(v >>> 8 & 0xFF);
        out.write(v & 0xFF);
        return this;
    }

    ReplyBytes u32(int v) {
        return u16(v >>> 16).u16(v & 0xFFFF);
    }

    ReplyBytes raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] wireName(String name) {
        return new ReplyBytes().name(name).bytes();
    }
}
