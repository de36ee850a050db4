package dev.bulkfetch.loop;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Deadlines that all lie the same span after their start, so they expire in the order they were
 * added: a tick looks at the head only, with no timer per entry and no work when an entry finishes
 * (finished or re-added entries are skipped lazily when they reach the head).
 *
 * @param <T> the entry type
 */
public final class DeadlineQueue<T extends DeadlineQueue.Entry> {

    /** Something with a deadline that may finish, or be re-added with a new one, before it expires. */
    public interface Entry {
        long deadlineNanos();

        /** False once finished, or while a newer entry of the same object is queued behind. */
        boolean waiting();

        /** Bookkeeping of how many entries of this object are queued. */
        void queued(int delta);
    }

    private final ArrayDeque<T> queue = new ArrayDeque<>();

    public void add(T entry) {
        entry.queued(1);
        queue.addLast(entry);
    }

    /** Hands at most {@code limit} waiting entries whose deadline has passed to {@code expired}. */
    public int expire(long nowNanos, int limit, Consumer<T> expired) {
        int n = 0;
        T e;
        while (n < limit && (e = queue.peekFirst()) != null) {
            if (!e.waiting()) {
                queue.pollFirst();
                e.queued(-1);
                continue;
            }
            if (e.deadlineNanos() - nowNanos > 0) {
                break;
            }
            queue.pollFirst();
            e.queued(-1);
            n++;
            expired.accept(e);
        }
        return n;
    }

    public int size() {
        return queue.size();
    }
}
