package dev.bulkfetch.cli;

import dev.bulkfetch.engine.RunControl;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.engine.RunLimits;
import dev.bulkfetch.engine.RunReport;
import dev.bulkfetch.engine.RunSpec;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.io.ResumeIndex;
import dev.bulkfetch.io.TargetSource;
import dev.bulkfetch.io.InputLine;
import dev.bulkfetch.io.TextOutput;
import dev.bulkfetch.io.kafka.KafkaWork;
import dev.bulkfetch.io.kafka.WorkerSettings;
import dev.bulkfetch.worker.HistogramPublisher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Function;

/**
 * The steps every run command takes, in the order that keeps a user's files safe, written once:
 * resume index read, output opened, report outputs opened, signals installed, the run built into one
 * {@link RunSpec} and run, the summary, the exit status. A command says only what differs: its sink,
 * its engine, its summary and how a target is keyed for {@code --resume}.
 *
 * @param <E> the engines' settings
 * @param <T> the target type
 * @param <R> the result type
 * @param <P> the run's report
 */
abstract class CommandRun<E, T, R, P extends RunReport> {

    /**
     * The options every run command has about where things go.
     *
     * @param output    the records' file, or null for standard output
     * @param resumable whether the records can be read back for {@code --resume} (NDJSON)
     * @param progress  whether the progress line is on
     * @param quiet     no summary at the end
     */
    record Outputs(Path output, boolean resumable, boolean progress, boolean quiet, StopOptions stop,
                   ReportOptions reports) {
    }

    /** The sink over the opened output; {@code resumed} when records are appended to an earlier run's. */
    protected abstract ResultSink<R> openSink(Writer output, boolean resumed) throws IOException;

    protected abstract P run(RunSpec<E, T, R> spec);

    protected abstract void printSummary(PrintStream err, P report, long skippedLines);

    /** The input line of a target, as its record carries it (for {@code --resume}). */
    protected abstract long line(T target);

    /** The input line a result answers. */
    protected abstract long resultLine(R result);

    /** What went wrong with a result, or null. */
    protected abstract BulkError error(R result);

    /** The kind a worker's histograms are tagged with: {@code http} or {@code dns}. */
    protected abstract String histogramKind();

    /** The name a target's record is keyed by besides its line (a DNS question), or null. */
    protected String resumeName(T target) {
        return null;
    }

    /** Runs every target to its record and returns the exit status. */
    final int execute(Outputs o, E engines, RunLimits limits, TargetSource<T> targets, PrintStream err)
            throws IOException {
        ResumeIndex resume = o.stop().prepare(o.output(), o.resumable(), err);
        Writer writer;
        try {
            writer = TextOutput.open(o.output(), resume != null);
        } catch (IOException e) {
            throw UsageException.cannotWrite("--output", o.output(), e);
        }
        ProgressLine line = new ProgressLine(err, o.progress());
        ReportOutputs outputs = ReportOutputs.open(o.reports(), line);
        RunControl control = o.stop().control();
        try (Interrupts interrupts = Interrupts.install(control, err);
             ResultSink<R> sink = openSink(writer, resume != null)) {
            TargetSource<T> todo = resume == null ? targets : resume.remaining(targets, this::line, this::resumeName);
            P report = run(RunSpec.builder(engines, todo, sink).limits(limits).listener(outputs).control(control)
                    .build());
            sink.close(); // every record is out before the summary
            line.clear();
            if (!o.quiet()) {
                printSummary(err, report, targets.skippedLines());
            }
            return interrupts.exitCode(RunEnd.finish(err, report.outcome(), outputs,
                    outputs.record(report.outcome(), report.outcomes(), report.phases())));
        }
    }

    /** The local sink over a worker's record buffer (which cannot fail). */
    private ResultSink<R> workerSink(Writer buffer) {
        try {
            return openSink(buffer, false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Runs as a worker: targets from the input topic, records to the output topic, the same run in
     * between, until a signal (or a failure of the Kafka side) stops it. Returns the exit status.
     *
     * @param parser makes targets of input lines, as the local command does
     */
    final int executeWorker(Outputs o, E engines, RunLimits limits, WorkerSettings settings,
                            Function<Iterator<InputLine>, ? extends TargetSource<T>> parser, PrintStream err)
            throws IOException {
        ProgressLine line = new ProgressLine(err, o.progress());
        ReportOutputs outputs = ReportOutputs.open(o.reports(), line);
        RunControl control = o.stop().control();
        KafkaWork.Kind<T, R> kind = new KafkaWork.Kind<>(parser, this::line, this::workerSink,
                this::resultLine, r -> error(r) != null && error(r).kind() == ErrorKind.CANCELLED);
        try (Interrupts interrupts = Interrupts.install(control, err);
             KafkaWork<T, R> work = KafkaWork.open(settings, kind, control::cancelled);
             HistogramPublisher histograms = HistogramPublisher.start(settings.cluster(), settings.histograms(),
                     settings.workerId(), histogramKind(), outputs)) {
            err.println("bulkfetch: worker " + settings.workerId() + " in group " + settings.group() + ": "
                    + settings.in() + " -> " + settings.out() + ", latency intervals -> " + settings.histograms());
            P report = run(RunSpec.builder(engines, work.source(), work.sink()).limits(limits).listener(histograms)
                    .control(control).build());
            work.close(); // the last transaction, then the group is left
            histograms.close();
            line.clear();
            if (!o.quiet()) {
                printSummary(err, report, 0);
                err.println("bulkfetch: worker published " + Counted.of(work.published(), "record") + " in "
                        + Counted.of(work.transactions(), "transaction")
                        + (work.recoveries() == 0 ? "" : " (" + Counted.of(work.recoveries(), "failed transaction")
                        + " aborted and redone)"));
                long fullMillis = work.reorderBufferFull().toMillis();
                if (fullMillis >= 1000) {
                    err.println(String.format(Locale.ROOT, "bulkfetch: the reorder buffer was full for %.1f s:"
                            + " finished records waited behind a slower earlier message of their partition"
                            + " (--reorder-buffer sets its size)", fullMillis / 1000.0));
                }
            }
            RuntimeException failure = work.failure();
            if (failure != null) {
                return ExitStatus.failed(err, failure.getMessage());
            }
            return interrupts.exitCode(RunEnd.finish(err, report.outcome(), outputs,
                    outputs.record(report.outcome(), report.outcomes(), report.phases())));
        }
    }
}
