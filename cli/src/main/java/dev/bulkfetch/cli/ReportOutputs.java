package dev.bulkfetch.cli;

import dev.bulkfetch.engine.Progress;
import dev.bulkfetch.engine.RunListener;
import dev.bulkfetch.engine.RunOutcome;
import dev.bulkfetch.io.UnusableFileException;
import dev.bulkfetch.metrics.report.HgrmFiles;
import dev.bulkfetch.metrics.HlogWriter;
import dev.bulkfetch.metrics.report.HtmlReport;
import dev.bulkfetch.metrics.IntervalSeries;
import dev.bulkfetch.metrics.IntervalSnapshot;
import dev.bulkfetch.metrics.OutcomeCounts;
import dev.bulkfetch.metrics.RunRecord;
import dev.bulkfetch.metrics.report.SummaryJson;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The latency outputs of one run: feeds the progress line and the interval log while it runs (on
 * the writer thread), then writes the percentile files, the JSON summary and the HTML report.
 */
final class ReportOutputs implements RunListener {
    private final ReportOptions options;
    private final ProgressLine line;
    private final String label;
    private final Map<String, String> settings;
    private final long openedEpochMs = System.currentTimeMillis();
    private final IntervalSeries series = new IntervalSeries();
    private final HlogWriter hlog;

    private ReportOutputs(ReportOptions options, String label, Map<String, String> settings, ProgressLine line,
                          HlogWriter hlog) {
        this.options = options;
        this.line = line;
        this.label = label;
        this.settings = settings;
        this.hlog = hlog;
    }

    /** The outputs a command's options ask for, labelled with the command and its settings. */
    static ReportOutputs open(ReportOptions options, ProgressLine line) {
        return open(options, options.command.qualifiedName(" "), options.settings(), line);
    }

    /** Checks every output path and opens the interval log; a bad path is a usage error. */
    static ReportOutputs open(ReportOptions options, String label, Map<String, String> settings, ProgressLine line) {
        options.check();
        HlogWriter hlog = null;
        if (options.hlog != null) {
            try {
                hlog = HlogWriter.open(options.hlog, label, settings);
            } catch (IOException e) {
                throw UsageException.cannotWrite("--hlog", options.hlog, e);
            }
        }
        return new ReportOutputs(options, label, settings, line, hlog);
    }

    @Override
    public void progress(Progress p) {
        line.update(p);
    }

    @Override
    public void notice(String message) {
        line.notice(message);
    }

    @Override
    public void interval(IntervalSnapshot s) {
        if (hlog != null) {
            hlog.interval(s);
        }
        series.add(s);
    }

    @Override
    public Duration intervalLength() {
        return options.interval;
    }

    /** The run as a report sees it. */
    RunRecord record(RunOutcome outcome, OutcomeCounts outcomes, Map<String, Histogram> phases) {
        long start = series.startEpochMs() >= 0 ? series.startEpochMs() : openedEpochMs;
        return new RunRecord(label, start, outcome.elapsed().toNanos() / 1e9, settings, phases,
                series.points(), outcomes.successes(), outcomes.errorKinds(), outcome.rate());
    }

    /**
     * Finishes the interval log and writes the other files.
     *
     * @throws IOException naming the output that could not be written
     */
    void finish(RunRecord run) throws IOException {
        if (hlog != null) {
            hlog.finish(run.outcomes(), run.errors(), run.rate());
            hlog.close();
        }
        writeFiles(List.of(run), options.hgrm, options.summary, options.report);
    }

    /** Writes the percentile files, summary and HTML of one or more runs (the report command too). */
    static void writeFiles(List<RunRecord> runs, Path hgrm, Path summary, Path report) throws IOException {
        if (hgrm != null) {
            for (RunRecord r : runs) {
                try {
                    HgrmFiles.write(hgrm, runs.size() > 1 ? fileSafe(r.label()) : null, r.phases());
                } catch (IOException e) {
                    throw UnusableFileException.writing(hgrm, e);
                }
            }
        }
        if (summary != null) {
            StringBuilder json = new StringBuilder();
            runs.forEach(r -> json.append(SummaryJson.of(r)));
            try {
                Files.writeString(summary, json, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw UnusableFileException.writing(summary, e);
            }
        }
        if (report != null) {
            try (Writer w = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
                HtmlReport.write(runs, w);
            } catch (IOException e) {
                throw UnusableFileException.writing(report, e);
            }
        }
    }

    private static String fileSafe(String label) {
        return label.replaceAll("[^A-Za-z0-9._-]+", "_");
    }
}
