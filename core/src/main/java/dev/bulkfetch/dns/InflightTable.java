package dev.bulkfetch.dns;

import java.util.SplittableRandom;

/**
 * The queries waiting on one socket or connection, by id. Ids come from a shuffled free list and go
 * back to its tail, so an id is reused as late as possible and is hard to guess: a late or forged
 * reply rarely finds a live query under its id, and if it does, the question check rejects it.
 */
final class InflightTable {
    private static final int IDS = 65536;

    private final PendingQuery[] slots = new PendingQuery[IDS];
    private final int[] free = new int[IDS];
    private int head;
    private int size;

    InflightTable(SplittableRandom random) {
        for (int i = 0; i < IDS; i++) {
            free[i] = i;
        }
        for (int i = IDS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = free[i];
            free[i] = free[j];
            free[j] = t;
        }
        size = IDS;
    }

    /** Takes an id for the query, or returns -1 when all 65,536 are in use. */
    int register(PendingQuery query) {
        if (size == 0) {
            return -1;
        }
        int id = free[head];
        head = (head + 1) & (IDS - 1);
        size--;
        slots[id] = query;
        return id;
    }

    PendingQuery get(int id) {
        return slots[id];
    }

    void release(int id) {
        if (slots[id] == null) {
            return;
        }
        slots[id] = null;
        free[(head + size) & (IDS - 1)] = id;
        size++;
    }

    int inFlight() {
        return IDS - size;
    }

    boolean hasFreeIds() {
        return size > 0;
    }

    /** Calls the action for every waiting query (used when a connection dies). */
    void forEachWaiting(java.util.function.Consumer<PendingQuery> action) {
        for (int id = 0; id < IDS && inFlight() > 0; id++) {
            PendingQuery q = slots[id];
            if (q != null) {
                action.accept(q);
            }
        }
    }
}
