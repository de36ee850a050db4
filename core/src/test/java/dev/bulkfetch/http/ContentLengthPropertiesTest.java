package dev.bulkfetch.http;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of Content-Length framing through the real connection pipeline (see {@link EmbeddedConnection}):
 * one length, however often it is repeated in header lines and comma lists, in whatever letter case and optional
 * whitespace, and however the response is split into reads, frames exactly the body; two different lengths, or
 * any length beside chunked coding, end in one MALFORMED_RESPONSE and never in an exception.
 *
 * <p>The parsing is Netty's ({@code HttpUtil.normalizeAndGetContentLength}); what is ours is the decoder
 * configuration that lets identical values through, and that is what these properties pin.
 */
class ContentLengthPropertiesTest {
    private static final HttpUrl URL = HttpUrl.parse("http://127.0.0.1/prop");
    private static final List<String> NAMES = List.of("Content-Length", "content-length", "CONTENT-LENGTH");
    /** Optional whitespace (RFC 9110 section 5.6.3): none, spaces, tabs. */
    private static final List<String> OWS = List.of("", "", " ", "  ", "\t", " \t");

    /** A response whose head has these Content-Length lines, and the reads it arrives in. */
    private record Delivery(List<String> lengthLines, boolean chunked, byte[] body, byte[] bytes, int[] reads) {
        @Override
        public String toString() {
            return lengthLines.stream().map(Property.Show::string).toList() + (chunked ? " chunked" : "")
                    + ", body " + body.length + " bytes in " + reads.length + " reads";
        }
    }

    @Test
    void oneLengthRepeatedInLinesAndListsFramesTheBodyExactly() {
        Property.Outcomes o = Property.forAll("one length, repeated", r -> {
            int n = Gen.size(r, 20_000);
            List<Long> values = Collections.nCopies(Gen.between(r, 1, 5), (long) n);
            return delivery(r, lines(r, values), false, n);
        }).tries(300).check(d -> {
            try (EmbeddedConnection c = new EmbeddedConnection(config(), URL)) {
                c.feed(d.bytes(), d.reads());
                assertEquals(1, c.results.size(), "the result comes with the last body byte, not at close");
                HttpFetchResult r = c.results.get(0);
                assertNull(r.error(), () -> String.valueOf(r.error()));
                assertEquals(200, r.status());
                assertArrayEquals(d.body(), r.payload().body());
                assertEquals(d.bytes().length, r.payload().wireBytes(), "every byte of the response read, none beyond it");
                assertTrue(c.exceptions.isEmpty(), () -> "exceptions in the pipeline: " + c.exceptions);
                return repeated(d) ? "repeated" : "once";
            }
        });
        assertTrue(o.count("repeated") > 0 && o.count("once") > 0, "both shapes generated: " + o);
    }

    @Test
    void differingLengthsOrAnyLengthBesideChunkedAreMalformed() {
        Property.Outcomes o = Property.forAll("differing lengths, or a length and chunked", r -> {
            int n = Gen.size(r, 20_000);
            boolean chunked = Gen.chance(r, 0.3);
            // beside chunked coding even one honest length is refused; without it, a second value must differ
            List<Long> values = new ArrayList<>(Collections.nCopies(Gen.between(r, 1, 4), (long) n));
            if (!chunked || Gen.chance(r, 0.5)) {
                values.add(other(r, n));
            }
            Collections.shuffle(values, new Random(r.nextLong()));
            return delivery(r, lines(r, values), chunked, n);
        }).tries(300).check(d -> {
            try (EmbeddedConnection c = new EmbeddedConnection(config(), URL)) {
                c.feed(d.bytes(), d.reads());
                c.peerCloses();
                assertEquals(1, c.results.size(), () -> "results: " + c.results);
                HttpFetchResult r = c.results.get(0);
                assertEquals(ErrorKind.MALFORMED_RESPONSE, r.error() == null ? null : r.error().kind(),
                        () -> "body " + r.payload().bytes() + " bytes, error " + r.error());
                assertTrue(c.exceptions.isEmpty(), () -> "exceptions in the pipeline: " + c.exceptions);
                return d.chunked() ? "chunked" : "differing";
            }
        });
        assertTrue(o.count("chunked") > 0 && o.count("differing") > 0, "both shapes generated: " + o);
    }

    /** A length other than {@code n}: next to it, or anywhere, as digits Netty parses. */
    private static long other(SplittableRandom r, int n) {
        long m = Gen.chance(r, 0.5) ? n + Gen.pick(r, -1, 1) : r.nextLong(0, 1L << 40);
        return m < 0 || m == n ? n + 1 : m;
    }

    /**
     * The values spread over one or more Content-Length lines, several to a line as a comma list, each line with
     * its own name case and whitespace around the value and the commas.
     */
    private static List<String> lines(SplittableRandom r, List<Long> values) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (line.length() > 0) {
                line.append(Gen.pick(r, OWS)).append(',').append(Gen.pick(r, OWS));
            }
            line.append(values.get(i));
            if (i == values.size() - 1 || Gen.chance(r, 0.5)) {
                lines.add(Gen.pick(r, NAMES) + ":" + Gen.pick(r, OWS) + line + Gen.pick(r, OWS));
                line.setLength(0);
            }
        }
        return lines;
    }

    /** The response: the length lines among other headers, {@code n} body bytes, framed by them or by chunks. */
    private static Delivery delivery(SplittableRandom r, List<String> lengthLines, boolean chunked, int n) {
        List<String> head = new ArrayList<>(lengthLines);
        head.add(Gen.between(r, 0, head.size()), "Content-Type: application/octet-stream");
        if (chunked) {
            head.add(Gen.between(r, 0, head.size()), "Transfer-Encoding: chunked");
        }
        byte[] body = new byte[n];
        Gen.fill(r, body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("HTTP/1.1 200 OK\r\n" + String.join("\r\n", head) + "\r\n\r\n"));
        if (chunked && n > 0) {
            out.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
            out.writeBytes(body);
            out.writeBytes(ascii("\r\n0\r\n\r\n"));
        } else if (chunked) {
            out.writeBytes(ascii("0\r\n\r\n"));
        } else {
            out.writeBytes(body);
        }
        byte[] bytes = out.toByteArray();
        return new Delivery(lengthLines, chunked, body, bytes, Gen.splits(r, bytes.length));
    }

    private static boolean repeated(Delivery d) {
        return d.lengthLines().size() > 1 || d.lengthLines().get(0).indexOf(',') >= 0;
    }

    private static HttpEngineConfig config() {
        return HttpEngineConfig.builder().keepBodies(true).build();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
