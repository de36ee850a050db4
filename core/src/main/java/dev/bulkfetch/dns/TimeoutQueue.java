package dev.bulkfetch.dns;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Attempt deadlines in send order. Every attempt of a class of queries waits the same time, so the
 * queue is ordered by deadline and a tick only looks at its head: no timer per query and no work per
 * reply. Entries of answered or re-sent queries are skipped lazily.
 */
final class TimeoutQueue {
    private final ArrayDeque<PendingQuery> queue = new ArrayDeque<>();

    void add(PendingQuery query) {
        query.queuedTimeouts++;
        queue.addLast(query);
    }

    /**
     * Hands every live query whose deadline has passed to {@code expired}, at most {@code limit} of
     * them (retransmits are paced so they do not overflow socket buffers in one burst).
     */
    int expire(long nowNanos, int limit, Consumer<PendingQuery> expired) {
        int n = 0;
        PendingQuery q;
        while (n < limit && (q = queue.peekFirst()) != null) {
            if (q.done || q.queuedTimeouts > 1) {
                queue.pollFirst();
                q.queuedTimeouts--;
                continue;
            }
            if (q.deadlineNanos - nowNanos > 0) {
                break;
            }
            queue.pollFirst();
            q.queuedTimeouts--;
            n++;
            expired.accept(q);
        }
        return n;
    }

    int size() {
        return queue.size();
    }
}
