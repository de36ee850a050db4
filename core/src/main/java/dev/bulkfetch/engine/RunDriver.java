package dev.bulkfetch.engine;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.metrics.OutcomeCounts;
import dev.bulkfetch.metrics.PhaseRecorder;
import org.HdrHistogram.Histogram;
import io.netty.channel.EventLoop;

import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs a {@link BulkRun} on a loop, counting outcomes and reporting progress; shared by every command. */
final class RunDriver {
    private RunDriver() {
    }

    /**
     * @param error   the error of a result, or null
     * @param success the outcome label of a result without error (an rcode, a status class)
     */
    /** @param latency the phase whose percentiles the progress line shows */
    static <T, R> RunOutcome drive(EventLoop loop, RunLimits limits, Iterator<T> targets, TargetExecutor<T, R> executor,
                                   ResultSink<R> sink, OutcomeCounts outcomes, Function<R, BulkError> error,
                                   Function<R, String> success, PhaseRecorder latency, Consumer<Progress> progress) {
        long start = System.nanoTime();
        @SuppressWarnings("unchecked")
        BulkRun<T, R>[] run = new BulkRun[1];
        run[0] = new BulkRun<>(loop, limits, targets, executor, sink, r -> {
            BulkError e = error.apply(r);
            outcomes.add(e != null ? e.kind().name() : success.apply(r), e != null);
        }, () -> {
            Histogram h = latency.cumulative();
            boolean any = h.getTotalCount() > 0;
            progress.accept(new Progress(outcomes.total(), run[0].targetsRead(), outcomes.errors(), run[0].inFlight(),
                    System.nanoTime() - start, any ? h.getValueAtPercentile(50) : -1,
                    any ? h.getValueAtPercentile(99) : -1));
        });
        return run[0].run();
    }
}
