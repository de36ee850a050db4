package dev.bulkfetch.loop;

import java.util.function.Consumer;

/**
 * Carries one admitted target to its result (a DNS lookup, an HTTP fetch). Called on the event loop;
 * must call {@code done} exactly once, on the loop, and never block.
 *
 * @param <T> the target
 * @param <R> the result
 */
@FunctionalInterface
public interface TargetExecutor<T, R> {
    /**
     * @param lagNanos how late the target starts behind its place in a constant-rate schedule (0
     *                 without {@code --rate}); latencies count it, so a stall cannot hide behind
     *                 the starts it delayed
     */
    void start(T target, long lagNanos, Consumer<R> done);

    /**
     * The run was cancelled: targets this executor holds that have not been sent (waiting for their
     * turn, sleeping before a retry) end now as CANCELLED; those under way keep their grace period.
     */
    default void windDown() {
    }
}
