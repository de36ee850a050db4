package dev.bulkfetch.cli;

import dev.bulkfetch.engine.DnsSweep;
import dev.bulkfetch.engine.DnsSweepReport;
import dev.bulkfetch.engine.ResultSink;
import dev.bulkfetch.io.DnsNdjsonSink;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsSimpleSink;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.TextOutput;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;

/** Runs a {@code dns}/{@code rdns} sweep for a command: sink, progress line, summary, exit status. */
final class DnsRunner {
    private DnsRunner() {
    }

    static int run(DnsRunOptions options, ReportOptions reportOptions, DnsTargets targets, PrintStream err)
            throws IOException {
        var config = options.engineConfig();
        var limits = options.limits();
        Writer writer;
        try {
            writer = TextOutput.open(options.output, false);
        } catch (IOException e) {
            throw new UsageException("--output: cannot write " + options.output + ": " + e.getMessage());
        }
        ProgressLine progress = new ProgressLine(err, options.showProgress());
        ReportOutputs outputs = ReportOutputs.open(reportOptions, progress);
        DnsSweepReport report;
        try (ResultSink<DnsResult> sink = options.format.equals("simple")
                ? new DnsSimpleSink(writer) : new DnsNdjsonSink(writer)) {
            report = DnsSweep.run(config, limits, targets, sink, outputs);
        }
        progress.clear();
        if (!options.quiet) {
            DnsSummary.print(err, report, targets.skippedLines());
        }
        return RunEnd.finish(err, report.outcome(), outputs,
                outputs.record(report.outcome(), report.outcomes(), report.phases()));
    }
}
