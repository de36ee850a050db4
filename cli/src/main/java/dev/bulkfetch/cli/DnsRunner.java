package dev.bulkfetch.cli;

import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.engine.DnsSweep;
import dev.bulkfetch.engine.DnsSweepReport;
import dev.bulkfetch.engine.RunSpec;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.io.DnsNdjsonSink;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsSimpleSink;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.InputLine;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.io.kafka.WorkerSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.util.Iterator;
import java.util.function.Function;

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
        return runner(options).execute(outputs(options, reportOptions), config, limits, targets, err);
    }

    /** Runs as a Kafka worker: names or addresses from the input topic, records to the output topic. */
    static int work(DnsRunOptions options, ReportOptions reportOptions, WorkerSettings settings,
                    Function<Iterator<InputLine>, DnsTargets> parser, PrintStream err) throws IOException {
        if (!options.format.equals("ndjson")) {
            throw new UsageException("--format: a worker writes ndjson records (bulkfetch collect reads them)");
        }
        var config = options.engineConfig();
        var limits = options.limits();
        reportOptions.check();
        return runner(options).executeWorker(outputs(options, reportOptions), config, limits, settings, parser, err);
    }

    private static DnsRunner runner(DnsRunOptions options) {
        return new DnsRunner(!options.format.equals("ndjson"));
    }

    private static Outputs outputs(DnsRunOptions options, ReportOptions reportOptions) {
        return new Outputs(options.output, options.format.equals("ndjson"), options.showProgress(), options.quiet,
                options.stopOptions, reportOptions);
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

    @Override
    protected long resultLine(DnsResult result) {
        return result.target().line();
    }

    @Override
    protected BulkError error(DnsResult result) {
        return result.error();
    }

    /** The name a DNS record is keyed by for --resume, as the NDJSON sink writes it. */
    @Override
    protected String resumeName(DnsTarget t) {
        return t.question() == null ? null : t.question().fqdn();
    }
}
