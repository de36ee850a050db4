package dev.bulkfetch.cli;

import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.engine.DnsSweep;
import dev.bulkfetch.engine.DnsSweepReport;
import dev.bulkfetch.engine.RunSpec;
import dev.bulkfetch.io.DnsNdjsonSink;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsSimpleSink;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.ResultSink;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;

/** Runs a {@code dns}/{@code rdns} sweep for a command: its sink, its engine, its summary. */
final class DnsRunner extends CommandRun<DnsEngineConfig, DnsTarget, DnsResult, DnsSweepReport> {
    private final boolean simple;

    private DnsRunner(boolean simple) {
        this.simple = simple;
    }

    static int run(DnsRunOptions options, ReportOptions reportOptions, DnsTargets targets, PrintStream err)
            throws IOException {
        var config = options.engineConfig();
        var limits = options.limits();
        // every output path before any is created: a bad one is exit 2 and leaves the others alone
        UsageException.checkWritable("--output", options.output);
        reportOptions.check();
        boolean ndjson = options.format.equals("ndjson");
        return new DnsRunner(!ndjson).execute(new Outputs(options.output, ndjson, options.showProgress(),
                options.quiet, options.stopOptions, reportOptions), config, limits, targets, err);
    }

    @Override
    protected ResultSink<DnsResult> openSink(Writer output, boolean resumed) {
        return simple ? new DnsSimpleSink(output) : new DnsNdjsonSink(output);
    }

    @Override
    protected DnsSweepReport run(RunSpec<DnsEngineConfig, DnsTarget, DnsResult> spec) {
        return DnsSweep.run(spec);
    }

    @Override
    protected void printSummary(PrintStream err, DnsSweepReport report, long skippedLines) {
        DnsSummary.print(err, report, skippedLines);
    }

    @Override
    protected long line(DnsTarget target) {
        return target.line();
    }

    /** The name a DNS record is keyed by for --resume, as the NDJSON sink writes it. */
    @Override
    protected String resumeName(DnsTarget t) {
        return t.question() == null ? null : t.question().fqdn();
    }
}
