package dev.bulkfetch.engine;

import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.io.TargetSource;

import java.util.Objects;

/**
 * Everything a run needs, made once by whoever starts it (the CLI, a test, a worker): the engines
 * and their settings, where targets come from, where results go, who watches, the limits, and the
 * control that stops it. Immutable; made with {@link #builder}.
 *
 * @param engines  the engines' settings: a {@link dev.bulkfetch.dns.DnsEngineConfig} for a DNS run,
 *                 {@link HttpEngines} for an HTTP run
 * @param targets  the source of targets, read on the run's reader thread
 * @param sink     where results go, written on the run's writer thread
 * @param limits   admission: in flight, rate, result backlog
 * @param listener progress, latency intervals and notices, on the writer thread
 * @param control  stops the run from outside (a signal)
 * @param <E>      the engines' settings
 * @param <T>      the target type
 * @param <R>      the result type
 */
public record RunSpec<E, T, R>(E engines, TargetSource<T> targets, ResultSink<R> sink, RunLimits limits,
                               RunListener listener, RunControl control) {

    public RunSpec {
        Objects.requireNonNull(engines, "engines");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(control, "control");
    }

    /** A spec for these engines, targets and sink; limits, listener and control have defaults. */
    public static <E, T, R> Builder<E, T, R> builder(E engines, TargetSource<T> targets, ResultSink<R> sink) {
        return new Builder<>(engines, targets, sink);
    }

    /** This spec with other limits (a crawl holds its lookahead in flight, a WARC capture a short backlog). */
    public RunSpec<E, T, R> withLimits(RunLimits other) {
        return new RunSpec<>(engines, targets, sink, other, listener, control);
    }

    /** This spec with another listener (one that watches the engines, wrapped around the caller's). */
    public RunSpec<E, T, R> withListener(RunListener other) {
        return new RunSpec<>(engines, targets, sink, limits, other, control);
    }

    /** Builds a {@link RunSpec}: 1,000 in flight and no rate limit, no listener, a control nobody cancels. */
    public static final class Builder<E, T, R> {
        private final E engines;
        private final TargetSource<T> targets;
        private final ResultSink<R> sink;
        private RunLimits limits = new RunLimits(1000, 0);
        private RunListener listener = RunListener.NONE;
        private RunControl control = RunControl.none();

        private Builder(E engines, TargetSource<T> targets, ResultSink<R> sink) {
            this.engines = engines;
            this.targets = targets;
            this.sink = sink;
        }

        public Builder<E, T, R> limits(RunLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder<E, T, R> listener(RunListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder<E, T, R> control(RunControl control) {
            this.control = control;
            return this;
        }

        public RunSpec<E, T, R> build() {
            return new RunSpec<>(engines, targets, sink, limits, listener, control);
        }
    }
}
