package dev.bulkfetch.property;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Building blocks for generators: sizes biased towards the small and the boundaries, byte and text
 * soups that hold what parsers trip over (controls, non-ASCII, lone surrogates), and random splits
 * of a byte stream into reads.
 */
public final class Gen {
    private Gen() {
    }

    /** A number in [min, max], inclusive. */
    public static int between(SplittableRandom r, int min, int max) {
        return min + r.nextInt(max - min + 1);
    }

    /** True with probability p. */
    public static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    @SafeVarargs
    public static <T> T pick(SplittableRandom r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    public static <T> T pick(SplittableRandom r, List<T> choices) {
        return choices.get(r.nextInt(choices.size()));
    }

    /**
     * A size in [0, max], mostly small: half the time below 16, a tenth of the time exactly 0 or max,
     * since bugs live at the empty, the tiny and the limit.
     */
    public static int size(SplittableRandom r, int max) {
        double d = r.nextDouble();
        if (d < 0.05) {
            return 0;
        }
        if (d < 0.10) {
            return max;
        }
        if (d < 0.55) {
            return r.nextInt(Math.min(max, 16) + 1);
        }
        return r.nextInt(max + 1);
    }

    public static byte[] bytes(SplittableRandom r, int maxLength) {
        byte[] b = new byte[size(r, maxLength)];
        fill(r, b);
        return b;
    }

    public static void fill(SplittableRandom r, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
    }

    /** Characters parsers of text input meet: ASCII, controls, Latin-1, BMP, pairs and lone surrogates. */
    public static char anyChar(SplittableRandom r) {
        int k = r.nextInt(20);
        if (k < 10) {
            return (char) between(r, 0x20, 0x7E);
        }
        return switch (k) {
            case 10, 11 -> (char) r.nextInt(0x20); // C0 controls: CR, LF, TAB, NUL
            case 12 -> (char) 0x7F;
            case 13 -> (char) between(r, 0x80, 0xFF);
            case 14 -> (char) between(r, 0x100, 0x2FFF);
            case 15 -> pick(r, '\u00A0', '\u2028', '\u3000', '\uFEFF', '\uFF0F', '\u3002', '\uFF0E', '\u200B');
            case 16 -> pick(r, '\u0660', '\u0663', '\uFF11', '\u0966', '\u07C0'); // non-ASCII digits
            case 17 -> (char) between(r, 0xD800, 0xDFFF); // a lone surrogate
            default -> (char) between(r, 0x3000, 0xFFFD);
        };
    }

    public static String anyString(SplittableRandom r, int maxLength) {
        int n = size(r, maxLength);
        StringBuilder sb = new StringBuilder(n);
        while (sb.length() < n) {
            if (chance(r, 0.05)) {
                sb.appendCodePoint(between(r, 0x10000, 0x10FFFF)); // a valid surrogate pair
            } else {
                sb.append(anyChar(r));
            }
        }
        return sb.toString();
    }

    /** A string of characters drawn from the given alphabet. */
    public static String from(SplittableRandom r, String alphabet, int minLength, int maxLength) {
        int n = between(r, minLength, maxLength);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /**
     * Cut points that split {@code length} bytes into reads: sometimes one read, sometimes one byte
     * per read, mostly random pieces (the way TCP hands a stream over).
     *
     * @return ascending ends of each read, the last one equal to length
     */
    public static int[] splits(SplittableRandom r, int length) {
        if (length == 0) {
            return new int[0];
        }
        int mode = r.nextInt(10);
        int maxPiece = mode == 0 ? length : mode == 1 ? 1 : mode < 5 ? 8 : Math.max(1, length / between(r, 1, 8));
        // tiny reads of a long stream cost time and find nothing more: at most about 4000 reads a stream
        maxPiece = Math.max(maxPiece, length / 2000);
        int[] ends = new int[length];
        int n = 0;
        int at = 0;
        while (at < length) {
            at = Math.min(length, at + between(r, 1, Math.max(1, maxPiece)));
            ends[n++] = at;
        }
        return java.util.Arrays.copyOf(ends, n);
    }
}
