package dev.bulkfetch.io;

import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lines from bytes: the ASCII fast path and the strict UTF-8 path agree with a reference decoding. */
class LineReaderTest {

    @Test
    void everyLineReadsAsItsStrictUtf8DecodingOrIsReported() {
        Property.Outcomes o = Property.forAll("lines of ASCII, UTF-8 and broken bytes", LineReaderTest::lines)
                .tries(500)
                .show(Property.Show::value)
                .check(lines -> {
                    ByteArrayOutputStream input = new ByteArrayOutputStream();
                    for (byte[] l : lines) {
                        input.writeBytes(l);
                        input.write('\n');
                    }
                    int broken = 0;
                    try (LineReader reader = new LineReader(new ByteArrayInputStream(input.toByteArray()))) {
                        for (int i = 0; i < lines.size(); i++) {
                            InputLine got = reader.next(i + 1);
                            byte[] raw = lines.get(i);
                            int len = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                            String expected = strict(raw, len);
                            if (expected == null) {
                                assertEquals("line is not valid UTF-8", got.problem());
                                broken++;
                            } else {
                                assertNull(got.problem());
                                assertEquals(expected, got.text());
                            }
                        }
                        assertNull(reader.next(lines.size() + 1));
                    }
                    return broken > 0 ? "some broken" : "all valid";
                });
        assertTrue(o.count("some broken") > 50 && o.count("all valid") > 50, o.toString());
    }

    private static String strict(byte[] raw, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw, 0, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static List<byte[]> lines(SplittableRandom r) {
        List<byte[]> out = new ArrayList<>();
        for (int i = Gen.size(r, 20) + 1; i > 0; i--) {
            byte[] b = switch (r.nextInt(4)) {
                case 0 -> Gen.from(r, "abcXYZ019:/.?=%- \t", 0, 80).getBytes(StandardCharsets.US_ASCII);
                case 1 -> Gen.anyString(r, 60).replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
                case 2 -> {
                    byte[] x = new byte[Gen.size(r, 40)];
                    for (int k = 0; k < x.length; k++) {
                        x[k] = (byte) (r.nextBoolean() ? 'a' + r.nextInt(26) : 0x80 + r.nextInt(128));
                    }
                    yield x;
                }
                default -> ("http://example.com/" + Gen.from(r, "ab", 0, 5) + "\r").getBytes(StandardCharsets.US_ASCII);
            };
            out.add(b);
        }
        return out;
    }
}
