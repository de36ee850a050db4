package dev.bulkfetch.io;

import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer of result text: byte for byte what the JDK's UTF-8 encoder makes of each piece. */
class Utf8WriterTest {

    @Test
    void writesEachPieceAsTheJdkEncodesIt() {
        Property.forAll("pieces of text through every write method", Utf8WriterTest::pieces)
                .tries(500)
                .show(Property.Show::value)
                .check(pieces -> {
                    ByteArrayOutputStream sink = new ByteArrayOutputStream();
                    ByteArrayOutputStream expected = new ByteArrayOutputStream();
                    int buffer = 1 + pieces.size() % 40;
                    try (Utf8Writer w = new Utf8Writer(sink, buffer)) {
                        int i = 0;
                        for (String p : pieces) {
                            switch (i++ % 6) {
                                case 0 -> w.append(p);
                                case 1 -> w.append(new StringBuilder("<<").append(p).append(">>"), 2, 2 + p.length());
                                case 2 -> w.write(p);
                                case 3 -> w.write(("x" + p + "y").toCharArray(), 1, p.length());
                                case 4 -> w.write("ab" + p, 2, p.length());
                                default -> {
                                    if (p.length() == 1) {
                                        w.write(p.charAt(0));
                                    } else {
                                        w.append(new StringBuilder(p));
                                    }
                                }
                            }
                            expected.writeBytes(p.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    assertArrayEquals(expected.toByteArray(), sink.toByteArray());
                    return buffer < 8 ? "tiny buffer" : "buffer";
                });
    }

    private static List<String> pieces(SplittableRandom r) {
        List<String> out = new ArrayList<>();
        for (int i = Gen.size(r, 30); i >= 0; i--) {
            out.add(Gen.chance(r, 0.2) ? String.valueOf(Gen.anyChar(r)) : Gen.anyString(r, 120));
        }
        return out;
    }

    @Test
    void encodesPiecesLongerThanOneRoundWithPairsOnEveryBoundary() throws IOException {
        // a piece is copied out 8,192 chars at a time: a pair on that boundary must not be split
        for (int at = 8185; at <= 8195; at++) {
            String piece = "a".repeat(at) + "\uD83D\uDE00" + "é".repeat(9000) + "\uD83D";
            for (CharSequence form : List.of(piece, new StringBuilder(piece), java.nio.CharBuffer.wrap(piece))) {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                try (Utf8Writer w = new Utf8Writer(sink, 1000)) {
                    w.append(form);
                }
                assertArrayEquals(piece.getBytes(StandardCharsets.UTF_8), sink.toByteArray(), "pair after " + at);
            }
        }
    }

    @Test
    void appendsNullAsTheWordNull() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (Utf8Writer w = new Utf8Writer(sink, 4)) {
            w.append(null).append(null, 1, 3);
        }
        assertEquals("nullul", sink.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void holdsBytesUntilFlushedAndClosesItsStream() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean[] closed = {false};
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Utf8Writer w = new Utf8Writer(out, 64);
        w.append("{\"a\":\"ü€\uD83D\uDE00\"}\n");
        assertEquals(0, bytes.size(), "buffered");
        w.flush();
        assertEquals("{\"a\":\"ü€\uD83D\uDE00\"}\n", bytes.toString(StandardCharsets.UTF_8));
        w.append("x".repeat(200)); // larger than the buffer: straight through
        w.close();
        assertEquals("{\"a\":\"ü€\uD83D\uDE00\"}\n" + "x".repeat(200), bytes.toString(StandardCharsets.UTF_8));
        assertTrue(closed[0]);
    }
}
