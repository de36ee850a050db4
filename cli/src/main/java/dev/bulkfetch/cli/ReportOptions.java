package dev.bulkfetch.cli;

import dev.bulkfetch.io.UnusableFileException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The latency report options every run command shares: interval log, percentile files, summary, HTML. */
final class ReportOptions {
    /** Options that say nothing about how a run behaved. */
    private static final Set<String> NOT_SETTINGS = Set.of("--help", "--version", "--progress", "--quiet");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--hlog", paramLabel = "FILE",
            description = "Write HdrHistogram's interval log (one tag per phase), readable by its own tools and 'bulkfetch report'.")
    Path hlog;

    @Option(names = "--hgrm", paramLabel = "DIR", description = "Write one .hgrm percentile distribution per phase into DIR.")
    Path hgrm;

    @Option(names = "--summary", paramLabel = "FILE.json",
            description = "Write totals, throughput, error counts and per-phase percentiles as JSON.")
    Path summary;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write a self-contained HTML latency report (plots per phase, over time, outcomes, settings).")
    Path report;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Length of an interval in the log and the plots over time (default: ${DEFAULT-VALUE}).")
    Duration interval;

    /** Fails with a usage error now, rather than after a long run, when an output cannot be written. */
    void check() {
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new UsageException("--interval must be at least 100ms");
        }
        checkOutputs(hlog, hgrm, summary, report);
    }

    /** The output files and folder of a run or a report, checked before any work: a bad one is exit 2. */
    static void checkOutputs(Path hlog, Path hgrm, Path summary, Path report) {
        UsageException.checkWritable("--hlog", hlog);
        UsageException.checkWritable("--summary", summary);
        UsageException.checkWritable("--report", report);
        if (hgrm != null && Files.exists(hgrm) && !Files.isDirectory(hgrm)) {
            throw UsageException.file("--hgrm", new UnusableFileException("write", hgrm.toString(), "not a directory"));
        }
    }


    /** The command's effective settings, defaults included, for the report: option name to value. */
    Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("command", "bulkfetch " + command.name());
        for (OptionSpec o : command.options()) {
            if (NOT_SETTINGS.contains(o.longestName())) {
                continue;
            }
            Object v = o.getValue();
            if (v == null || v instanceof Collection<?> c && c.isEmpty() || Boolean.FALSE.equals(v)) {
                continue;
            }
            out.put(o.longestName(), text(v));
        }
        for (PositionalParamSpec p : command.positionalParameters()) {
            Object v = p.getValue();
            out.put("inputs", v == null || v instanceof Collection<?> c && c.isEmpty() ? "standard input" : text(v));
        }
        return out;
    }

    private static String text(Object v) {
        if (v instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).collect(Collectors.joining(" "));
        }
        return String.valueOf(v);
    }
}
