package dev.bulkfetch.io.kafka;

import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import dev.bulkfetch.property.Shrink;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of the histogram decoder, which reads bytes anyone with access to the topic can
 * write: random bytes, mutated encodings and well-formed encodings of forged headers (a range or a
 * precision that would make HdrHistogram allocate gigabytes) end as a {@link MalformedHistogramException}
 * or as a histogram, never as another exception, an out-of-memory or a hang; real histograms come
 * back exactly.
 */
class HistogramCodecPropertiesTest {

    /** The decoder's verdict on some bytes; anything but its own exception escapes and fails the property. */
    private static String verdict(byte[] value) {
        try {
            Histogram h = HistogramCodec.decodeHistogram(value);
            assertTrue(h.getTotalCount() >= 0);
            return "decoded";
        } catch (MalformedHistogramException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            return "refused";
        }
    }

    @Test
    void randomBytesAreRefusedWithAClearReason() {
        Property.Outcomes o = Property.forAll("random bytes", r -> Gen.bytes(r, 300))
                .tries(3000)
                .shrinking(Shrink::bytes)
                .check(HistogramCodecPropertiesTest::verdict);
        assertEquals(3000, o.count("refused"));
    }

    @Test
    void mutatedEncodingsAreDecodedOrRefusedButNeverThrowAnythingElse() {
        Property.Outcomes o = Property.forAll("mutated encodings", HistogramCodecPropertiesTest::mutated)
                .tries(3000)
                .shrinking(Shrink::bytes)
                .check(HistogramCodecPropertiesTest::verdict);
        assertTrue(o.count("refused") > 0, o.toString());
    }

    @Test
    void forgedHeadersNeverMakeTheDecoderAllocateBeyondItsBound() {
        Property.Outcomes o = Property.forAll("forged headers", HistogramCodecPropertiesTest::forged)
                .tries(3000)
                .shrinking(Shrink::bytes)
                .check(HistogramCodecPropertiesTest::verdict);
        assertTrue(o.count("refused") > 0 && o.count("decoded") > 0, o.toString());
    }

    @Test
    void realHistogramsComeBackExactly() {
        Property.forAll("real histograms", HistogramCodecPropertiesTest::histogram)
                .tries(300)
                .check(h -> {
                    Histogram back = HistogramCodec.decodeHistogram(HistogramCodec.encode(h));
                    assertEquals(h, back);
                    assertEquals(h.getTotalCount(), back.getTotalCount());
                    assertEquals(h.getValueAtPercentile(99.9), back.getValueAtPercentile(99.9));
                    return h.getTotalCount() == 0 ? "empty" : "values";
                });
    }

    @Test
    void theSizeCheckUsesHdrHistogramsOwnArithmetic() {
        Property.forAll("counts length", r -> {
                    int digits = Gen.between(r, 0, 5);
                    long lowest = 1L << Gen.between(r, 0, 20);
                    long highest = Math.max(2 * lowest, lowest << Gen.between(r, 1, 30));
                    return new long[] {lowest, highest, digits};
                })
                .tries(300)
                .check(a -> {
                    long expected = HistogramCodec.countsLength(a[0], a[1], (int) a[2]);
                    if (expected > 1 << 20) {
                        return "too large to build here";
                    }
                    Histogram h = new Histogram(a[0], a[1], (int) a[2]);
                    assertEquals((h.getEstimatedFootprintInBytes() - 512) / 8, expected, Arrays.toString(a));
                    return "compared";
                });
    }

    /** A histogram as a bulkfetch phase records it: microseconds up to an hour, 3 digits. */
    private static Histogram histogram(SplittableRandom r) {
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        int n = Gen.size(r, 2000);
        for (int i = 0; i < n; i++) {
            h.recordValue(1 + (long) (Math.pow(r.nextDouble(), 3) * 3_599_999_999L));
        }
        return h;
    }

    /** A real encoding with a few bytes changed, cut short, or grown. */
    private static byte[] mutated(SplittableRandom r) {
        byte[] b = HistogramCodec.encode(histogram(r));
        int edits = Gen.between(r, 1, 4);
        for (int i = 0; i < edits; i++) {
            switch (r.nextInt(3)) {
                case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                default -> b = Arrays.copyOf(b, b.length + Gen.between(r, 1, 16));
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }

    /**
     * A well-formed compressed encoding whose header claims any precision and range, followed by
     * random counts: only the header check stands between these and HdrHistogram's allocation.
     */
    private static byte[] forged(SplittableRandom r) {
        ByteBuffer plain = ByteBuffer.allocate(40 + Gen.size(r, 200));
        plain.putInt(HistogramCodec.PLAIN_COOKIE);
        plain.putInt(Gen.chance(r, 0.5) ? plain.capacity() - 40 : r.nextInt());
        plain.putInt(Gen.chance(r, 0.8) ? 0 : r.nextInt());
        plain.putInt(Gen.chance(r, 0.7) ? Gen.between(r, 0, 5) : r.nextInt());
        long lowest = Gen.chance(r, 0.7) ? 1L << Gen.between(r, 0, 62) : r.nextLong();
        plain.putLong(lowest);
        plain.putLong(Gen.chance(r, 0.7) ? lowest << Gen.between(r, 1, 63) : r.nextLong());
        plain.putDouble(1.0);
        while (plain.hasRemaining()) {
            plain.put((byte) (Gen.chance(r, 0.5) ? Gen.between(r, 0, 4) : r.nextInt(256)));
        }
        Deflater deflater = new Deflater();
        deflater.setInput(plain.array());
        deflater.finish();
        byte[] compressed = new byte[plain.capacity() * 2 + 64];
        int n = deflater.deflate(compressed);
        deflater.end();
        ByteBuffer out = ByteBuffer.allocate(8 + n);
        out.putInt(HistogramCodec.COMPRESSED_COOKIE);
        out.putInt(n);
        out.put(compressed, 0, n);
        return out.array();
    }
}
