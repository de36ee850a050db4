package dev.bulkfetch.cli;

import dev.bulkfetch.engine.RunControl;
import dev.bulkfetch.engine.RunLimits;
import dev.bulkfetch.engine.RunReport;
import dev.bulkfetch.engine.RunSpec;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.io.ResumeIndex;
import dev.bulkfetch.io.TargetSource;
import dev.bulkfetch.io.TextOutput;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Path;

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
}
