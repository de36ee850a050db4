package dev.bulkfetch.engine;

import dev.bulkfetch.loop.TargetExecutor;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.http.HttpEngine;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.metrics.HttpPhaseRecorders;

import java.util.function.Consumer;

/**
 * The HTTP step of an {@code http} run: an invalid target becomes its error result at once, a valid
 * one goes to the {@link HttpEngine}; phase durations are recorded on the loop as fetches finish.
 */
public final class HttpFetches implements TargetExecutor<HttpTarget, HttpResult> {
    private final HttpEngine engine;
    private final HttpPhaseRecorders recorders;

    public HttpFetches(HttpEngine engine, HttpPhaseRecorders recorders) {
        this.engine = engine;
        this.recorders = recorders;
    }

    @Override
    public void start(HttpTarget target, long lagNanos, Consumer<HttpResult> done) {
        if (target.url() == null) {
            done.accept(new HttpResult(target, null));
            return;
        }
        engine.fetch(target.url(), result -> {
            // a cancelled target was cut short, not measured
            if (result.error() == null || result.error().kind() != ErrorKind.CANCELLED) {
                recorders.record(result.timings(), result.status(), result.error() != null, lagNanos);
            }
            done.accept(new HttpResult(target, result));
        });
    }
}
