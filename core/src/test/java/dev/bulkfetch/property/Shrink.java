package dev.bulkfetch.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shrinkers for byte arrays and strings: drop large pieces first, then single elements, then make
 * what is left simpler, so a failing 600-byte datagram is reported as the few bytes that matter.
 */
public final class Shrink {
    private static final int MAX_CANDIDATES = 200;

    private Shrink() {
    }

    public static List<byte[]> bytes(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        for (int piece = Math.max(1, b.length / 2); piece >= 1 && out.size() < MAX_CANDIDATES; piece /= 2) {
            for (int from = 0; from + piece <= b.length && out.size() < MAX_CANDIDATES; from += piece) {
                byte[] c = new byte[b.length - piece];
                System.arraycopy(b, 0, c, 0, from);
                System.arraycopy(b, from + piece, c, from, b.length - from - piece);
                out.add(c);
            }
        }
        for (int i = 0; i < b.length && out.size() < MAX_CANDIDATES; i++) {
            if (b[i] != 0) {
                byte[] c = Arrays.copyOf(b, b.length);
                c[i] = 0;
                out.add(c);
            }
        }
        return out;
    }

    public static List<String> string(String s) {
        List<String> out = new ArrayList<>();
        for (int piece = Math.max(1, s.length() / 2); piece >= 1 && out.size() < MAX_CANDIDATES; piece /= 2) {
            for (int from = 0; from + piece <= s.length() && out.size() < MAX_CANDIDATES; from += piece) {
                out.add(s.substring(0, from) + s.substring(from + piece));
            }
        }
        for (int i = 0; i < s.length() && out.size() < MAX_CANDIDATES; i++) {
            if (s.charAt(i) != 'a') {
                out.add(s.substring(0, i) + 'a' + s.substring(i + 1));
            }
        }
        return out;
    }
}
