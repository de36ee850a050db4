package dev.bulkfetch.io;

import java.util.Arrays;

/**
 * A set of 64-bit keys in one open-addressing array: about 16 bytes per key at most, so the keys of a
 * /8 sweep fit where a set of boxed values or strings would not.
 */
final class LongSet {
    private static final long EMPTY = 0;
    private static final long ZERO_STAND_IN = 0x5bd1e9955bd1e995L;

    private long[] slots = new long[1024];
    private int size;

    boolean add(long key) {
        long k = key == EMPTY ? ZERO_STAND_IN : key;
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        int i = index(k, slots.length);
        while (slots[i] != EMPTY) {
            if (slots[i] == k) {
                return false;
            }
            i = (i + 1) & (slots.length - 1);
        }
        slots[i] = k;
        size++;
        return true;
    }

    boolean contains(long key) {
        long k = key == EMPTY ? ZERO_STAND_IN : key;
        int i = index(k, slots.length);
        while (slots[i] != EMPTY) {
            if (slots[i] == k) {
                return true;
            }
            i = (i + 1) & (slots.length - 1);
        }
        return false;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        Arrays.stream(old).filter(k -> k != EMPTY).forEach(this::add);
    }

    private static int index(long k, int length) {
        long h = k ^ (k >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h & (length - 1);
    }
}
