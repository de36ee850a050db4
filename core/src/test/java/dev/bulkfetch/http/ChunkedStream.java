package dev.bulkfetch.http;

import dev.bulkfetch.property.Gen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A chunked HTTP/1.1 response made up for a property: a random body, optionally gzip or deflate
 * encoded, cut into chunks of random sizes whose size lines carry random case, leading zeros and
 * extensions, with random trailers; kept as a list of parts (head, size lines, data, CRLFs, trailers)
 * so a mutation can break exactly one piece of the framing.
 *
 * @param body     the decoded body the response carries
 * @param encoding the Content-Encoding sent, or null
 * @param parts    the response, piece by piece
 */
record ChunkedStream(byte[] body, String encoding, List<Part> parts) {

    /** What a piece of the stream is, so mutations can aim. */
    enum Kind { HEAD, SIZE_LINE, DATA, DATA_END, LAST_CHUNK, TRAILERS }

    /** One piece of the response; {@code chunk} numbers the chunk it belongs to (-1 outside chunks). */
    record Part(Kind kind, byte[] bytes, int chunk) {
        Part withBytes(byte[] b) {
            return new Part(kind, b, chunk);
        }

        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            return kind + "[" + dev.bulkfetch.property.Property.Show.string(text) + "]";
        }
    }

    static ChunkedStream generate(SplittableRandom r, int maxBody) {
        byte[] body = body(r, maxBody);
        String encoding = Gen.chance(r, 0.7) ? null : Gen.pick(r, "gzip", "deflate");
        byte[] payload = encode(body, encoding);
        // bare LF ends head and trailer lines of some servers in the wild; chunk lines need CRLF (RFC 9112
        // 7.1, enforced by Netty against request smuggling), so a bare LF there is a mutation, not valid
        String eol = Gen.chance(r, 0.85) ? "\r\n" : "\n";
        List<Part> parts = new ArrayList<>();
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK").append(eol);
        List<String> headers = new ArrayList<>();
        headers.add(Gen.pick(r, "Transfer-Encoding", "transfer-encoding", "TRANSFER-ENCODING") + ":"
                + Gen.pick(r, " ", "", "  ") + Gen.pick(r, "chunked", "Chunked", "CHUNKED"));
        if (encoding != null) {
            headers.add("Content-Encoding: " + encoding);
        }
        for (int i = Gen.size(r, 4); i > 0; i--) {
            headers.add("X-Prop-" + i + ": " + Gen.from(r, "abcxyz0123 =;,", 0, 30).strip());
        }
        java.util.Collections.shuffle(headers, new java.util.Random(r.nextLong()));
        for (String h : headers) {
            head.append(h).append(eol);
        }
        head.append(eol);
        parts.add(new Part(Kind.HEAD, ascii(head.toString()), -1));
        int at = 0;
        int chunk = 0;
        int maxChunk = Gen.pick(r, payload.length < 2_000 ? 1 : 7, 7, 100, 4096, 70_000);
        while (at < payload.length) {
            int n = Math.min(payload.length - at, Gen.between(r, 1, maxChunk));
            parts.add(new Part(Kind.SIZE_LINE, ascii(sizeLine(r, n) + "\r\n"), chunk));
            parts.add(new Part(Kind.DATA, java.util.Arrays.copyOfRange(payload, at, at + n), chunk));
            parts.add(new Part(Kind.DATA_END, ascii("\r\n"), chunk));
            at += n;
            chunk++;
        }
        parts.add(new Part(Kind.LAST_CHUNK, ascii(sizeLine(r, 0) + "\r\n"), chunk));
        StringBuilder trailers = new StringBuilder();
        for (int i = Gen.size(r, 3); i > 0; i--) {
            trailers.append("X-Trailer-").append(i).append(": ").append(Gen.from(r, "abc123", 1, 10)).append(eol);
        }
        trailers.append(eol);
        parts.add(new Part(Kind.TRAILERS, ascii(trailers.toString()), -1));
        return new ChunkedStream(body, encoding, parts);
    }

    /** A size in hex, any case, sometimes zero-padded, with chunk extensions now and then (RFC 9112 7.1.1). */
    private static String sizeLine(SplittableRandom r, int n) {
        String hex = Integer.toHexString(n);
        hex = r.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT);
        if (Gen.chance(r, 0.15)) {
            hex = "0".repeat(Gen.between(r, 1, 6)) + hex;
        }
        StringBuilder sb = new StringBuilder(hex);
        for (int i = Gen.chance(r, 0.3) ? Gen.between(r, 1, 3) : 0; i > 0; i--) {
            sb.append(';').append(Gen.from(r, "abcdefgh-", 1, 8));
            switch (r.nextInt(3)) {
                case 0 -> sb.append('=').append(Gen.from(r, "abc123", 1, 8));
                case 1 -> sb.append("=\"").append(Gen.from(r, "ab c;=,", 0, 12)).append('"');
                default -> {
                    // a name without a value
                }
            }
        }
        return sb.toString();
    }

    private static byte[] body(SplittableRandom r, int max) {
        byte[] b = new byte[Gen.size(r, max)];
        if (r.nextBoolean()) {
            Gen.fill(r, b);
        } else {
            // text compresses, so the encoded streams come in every size; it holds framing look-alikes too
            String text = "the quick brown fox \r\n0;a=b\r\n";
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) text.charAt(r.nextInt(text.length()));
            }
        }
        return b;
    }

    static byte[] encode(byte[] body, String encoding) {
        if (encoding == null) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var z = encoding.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(p.bytes);
        }
        return out.toByteArray();
    }

    ChunkedStream withParts(List<Part> p) {
        return new ChunkedStream(body, encoding, p);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "body " + body.length + " bytes, encoding " + encoding + ", " + parts.size() + " parts: " + parts;
    }
}
