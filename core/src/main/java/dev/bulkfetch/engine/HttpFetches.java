package dev.bulkfetch.engine;

import dev.bulkfetch.loop.TargetExecutor;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.http.HttpEngine;
import dev.bulkfetch.http.HttpFetchResult;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.metrics.HttpPhaseRecorders;

import java.util.List;
import java.util.function.Consumer;

/**
 * The HTTP step of an {@code http} run: an invalid target becomes its error result at once, a valid
 * one goes to an {@link HttpEngine}; phase durations are recorded on the home loop as fetches finish.
 * With engines on several loops, targets go to them in turn and each result comes back to the home
 * loop (the first engine's), where the run's admission, recorders and results live.
 */
public final class HttpFetches implements TargetExecutor<HttpTarget, HttpResult> {
    private final List<HttpEngine> engines;
    private final HttpEngine home;
    private final HttpPhaseRecorders recorders;
    private int next;

    public HttpFetches(HttpEngine engine, HttpPhaseRecorders recorders) {
        this(List.of(engine), recorders);
    }

    /** @param engines the first one is on the home loop, where {@link #start} is called */
    public HttpFetches(List<HttpEngine> engines, HttpPhaseRecorders recorders) {
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("no HTTP engine");
        }
        this.engines = List.copyOf(engines);
        this.home = this.engines.get(0);
        this.recorders = recorders;
    }

    @Override
    public void start(HttpTarget target, long lagNanos, Consumer<HttpResult> done) {
        if (target.url() == null) {
            done.accept(new HttpResult(target, null));
            return;
        }
        HttpEngine engine = engines.get(next);
        next = next + 1 == engines.size() ? 0 : next + 1;
        if (engine == home) {
            engine.fetch(target.url(), result -> finish(target, lagNanos, result, done));
        } else {
            engine.fetch(target.url(), result -> home.loop().execute(() -> finish(target, lagNanos, result, done)));
        }
    }

    private void finish(HttpTarget target, long lagNanos, HttpFetchResult result, Consumer<HttpResult> done) {
        // a cancelled target was cut short, not measured
        if (result.error() == null || result.error().kind() != ErrorKind.CANCELLED) {
            recorders.record(result.timings(), result.status(), result.error() != null, lagNanos);
        }
        done.accept(new HttpResult(target, result));
    }
}
