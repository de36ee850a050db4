package dev.bulkfetch.cli;

import dev.bulkfetch.engine.DnsSweep;
import dev.bulkfetch.engine.DnsSweepReport;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.engine.RunControl;
import dev.bulkfetch.io.DnsNdjsonSink;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsSimpleSink;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.ResumeIndex;
import dev.bulkfetch.io.TextOutput;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.util.Iterator;

/** Runs a {@code dns}/{@code rdns} sweep for a command: sink, progress line, summary, exit status. */
final class DnsRunner {
    private DnsRunner() {
    }

    static int run(DnsRunOptions options, ReportOptions reportOptions, DnsTargets targets, PrintStream err)
            throws IOException {
        var config = options.engineConfig();
        var limits = options.limits();
        // every output path before any is created: a bad one is exit 2 and leaves the others alone
        UsageException.checkWritable("--output", options.output);
        reportOptions.check();
        ResumeIndex resume = options.stopOptions.prepare(options.output, options.format.equals("ndjson"), err);
        Writer writer;
        try {
            writer = TextOutput.open(options.output, resume != null);
        } catch (IOException e) {
            throw UsageException.cannotWrite("--output", options.output, e);
        }
        ProgressLine progress = new ProgressLine(err, options.showProgress());
        ReportOutputs outputs = ReportOutputs.open(reportOptions, progress);
        DnsSweepReport report;
        RunControl control = options.stopOptions.control();
        try (Interrupts interrupts = Interrupts.install(control, err)) {
            try (ResultSink<DnsResult> sink = options.format.equals("simple")
                    ? new DnsSimpleSink(writer) : new DnsNdjsonSink(writer)) {
                Iterator<DnsTarget> todo = resume == null ? targets
                        : resume.remaining(targets, DnsTarget::line, DnsRunner::questionName);
                report = DnsSweep.run(config, limits, todo, sink, outputs, control);
            }
            progress.clear();
            if (!options.quiet) {
                DnsSummary.print(err, report, targets.skippedLines());
            }
            return interrupts.exitCode(RunEnd.finish(err, report.outcome(), outputs,
                    outputs.record(report.outcome(), report.outcomes(), report.phases())));
        }
    }

    /** The name a DNS record is keyed by for --resume, as the NDJSON sink writes it. */
    private static String questionName(DnsTarget t) {
        return t.question() == null ? null : t.question().fqdn();
    }
}
