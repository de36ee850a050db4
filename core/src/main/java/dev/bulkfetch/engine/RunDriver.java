package dev.bulkfetch.engine;

import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.loop.TargetExecutor;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.metrics.IntervalSnapshot;
import dev.bulkfetch.metrics.OutcomeCounts;
import dev.bulkfetch.metrics.PhaseRecorder;
import dev.bulkfetch.metrics.PhaseSet;
import io.netty.channel.EventLoop;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a {@link BulkRun} on a loop, counting outcomes, reporting progress and cutting the phase
 * recorders into intervals; shared by every command.
 *
 * @param <T> target type
 * @param <R> result type
 */
final class RunDriver<T, R> {
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PhaseSet phases;
    private final RunListener listener;
    private final OutcomeCounts outcomes = new OutcomeCounts();
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long nextProgress = start + PROGRESS_NANOS;
    private long nextInterval;
    private long intervalStartMs = System.currentTimeMillis();
    private BulkRun<T, R> run;

    private RunDriver(PhaseSet phases, RunListener listener) {
        this.phases = phases;
        this.listener = listener;
        this.intervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(100), listener.intervalLength().toNanos());
        this.nextInterval = start + intervalNanos;
    }

    /**
     * Runs every target to its result.
     *
     * @param error   the error of a result, or null
     * @param success the outcome label of a result without error (an rcode, a status class)
     * @param abort   on the loop: ends every target in flight as CANCELLED (closes the engines)
     */
    static <T, R> Finished drive(EventLoop loop, RunLimits limits, Iterator<T> targets,
                                 TargetExecutor<T, R> executor, ResultSink<R> sink, Function<R, BulkError> error,
                                 Function<R, String> success, PhaseSet phases, RunListener listener,
                                 RunControl control, Runnable abort) {
        RunDriver<T, R> d = new RunDriver<>(phases, listener);
        d.run = new BulkRun<>(loop, limits, targets, executor, sink, r -> {
            BulkError e = error.apply(r);
            d.outcomes.add(e != null ? e.kind().name() : success.apply(r), e != null);
        }, d::tick, control, abort);
        RunOutcome outcome = d.run.run();
        d.endInterval();
        Map<String, Histogram> cumulative = new LinkedHashMap<>();
        for (PhaseRecorder r : phases.all()) {
            cumulative.put(r.name(), r.cumulative());
        }
        return new Finished(outcome, d.outcomes, cumulative);
    }

    /** A finished run: how it ended, its outcomes, and each phase's histogram in phase order. */
    record Finished(RunOutcome outcome, OutcomeCounts outcomes, Map<String, Histogram> phases) {
    }

    private void tick() {
        long now = System.nanoTime();
        if (now - nextInterval >= 0) {
            nextInterval += intervalNanos;
            if (now - nextInterval >= 0) {
                nextInterval = now + intervalNanos; // the writer was held up: skip, do not stutter
            }
            endInterval();
        }
        if (now - nextProgress >= 0) {
            nextProgress = now + PROGRESS_NANOS;
            Histogram h = phases.headline().cumulative();
            boolean any = h.getTotalCount() > 0;
            listener.progress(new Progress(outcomes.total(), run.targetsRead(), outcomes.errors(), run.inFlight(),
                    now - start, any ? h.getValueAtPercentile(50) : -1, any ? h.getValueAtPercentile(99) : -1,
                    run.lateStarts()));
        }
    }

    private void endInterval() {
        long endMs = System.currentTimeMillis();
        List<Histogram> snapshot = new ArrayList<>();
        for (PhaseRecorder r : phases.all()) {
            Histogram h = r.takeInterval();
            // one interval, one time span for every phase: readers group and range-filter by it
            h.setStartTimeStamp(intervalStartMs);
            h.setEndTimeStamp(endMs);
            snapshot.add(h);
        }
        listener.interval(new IntervalSnapshot(intervalStartMs, endMs, snapshot));
        intervalStartMs = endMs;
    }
}
