package dev.bulkfetch.engine;

import dev.bulkfetch.loop.TargetExecutor;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.metrics.IntervalSnapshot;
import dev.bulkfetch.metrics.OutcomeCounts;
import dev.bulkfetch.metrics.PhaseRecorder;
import dev.bulkfetch.metrics.PhaseSet;
import io.netty.channel.EventLoop;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Watches a {@link TargetPipeline} while it runs, on the writer thread: counts each result's outcome,
 * reports progress about once a second and cuts the phase recorders into intervals for the listener.
 * Shared by every kind of run.
 *
 * @param <T> target type
 * @param <R> result type
 */
final class RunMonitor<T, R> {
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PhaseSet phases;
    private final RunListener listener;
    private final OutcomeCounts outcomes = new OutcomeCounts();
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long nextProgress = start + PROGRESS_NANOS;
    private long nextInterval;
    private long intervalStartMs = System.currentTimeMillis();
    private TargetPipeline<T, R> run;

    private RunMonitor(PhaseSet phases, RunListener listener) {
        this.phases = phases;
        this.listener = listener;
        this.intervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(100), listener.intervalLength().toNanos());
        this.nextInterval = start + intervalNanos;
    }

    /**
     * Runs every target of the spec to its result.
     *
     * @param labels names each result's outcome for the counts
     * @param abort  on the loop: ends every target in flight as CANCELLED (closes the engines)
     */
    static <T, R> Finished run(EventLoop loop, RunSpec<?, T, R> spec, TargetExecutor<T, R> executor,
                               OutcomeLabels<R> labels, PhaseSet phases, Runnable abort) {
        RunMonitor<T, R> d = new RunMonitor<>(phases, spec.listener());
        d.run = new TargetPipeline<>(loop, spec, executor, r -> {
            BulkError e = labels.error().apply(r);
            d.outcomes.add(e != null ? e.kind().name() : labels.success().apply(r), e != null);
        }, d::tick, abort);
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
