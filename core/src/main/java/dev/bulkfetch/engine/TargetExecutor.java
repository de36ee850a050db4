package dev.bulkfetch.engine;

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
    void start(T target, Consumer<R> done);
}
