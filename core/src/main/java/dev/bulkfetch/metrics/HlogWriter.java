package dev.bulkfetch.metrics;

import dev.bulkfetch.io.UnusableFileException;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run as HdrHistogram's standard interval log: one line per phase and interval, tagged
 * with the phase name, so {@code HistogramLogReader} and {@code HistogramLogProcessor} read it.
 * The run's settings and outcomes go in as {@code #[bulkfetch-...]} comment lines, which those tools
 * skip and {@link HlogRun} reads back to rebuild a full report.
 */
public final class HlogWriter implements Closeable {
    static final String SETTING = "bulkfetch-setting";
    static final String OUTCOME = "bulkfetch-outcome";
    static final String ERROR = "bulkfetch-error";
    static final String RATE = "bulkfetch-rate";
    static final String LABEL = "bulkfetch-label";

    private final Path file;
    private final PrintStream out;
    private final HistogramLogWriter log;
    private boolean started;

    private HlogWriter(Path file, PrintStream out) {
        this.file = file;
        this.out = out;
        this.log = new HistogramLogWriter(out);
    }

    /**
     * Creates the file and writes the label and settings; the start time and legend follow with the
     * first interval, whose start is the run's.
     */
    public static HlogWriter open(Path file, String label, Map<String, String> settings) throws IOException {
        PrintStream out = new PrintStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024), false,
                StandardCharsets.UTF_8);
        HlogWriter w = new HlogWriter(file, out);
        w.comment(LABEL, label);
        settings.forEach((k, v) -> w.comment(SETTING, k + "=" + v));
        return w;
    }

    private void start(long startEpochMs) {
        if (!started) {
            started = true;
            log.outputLogFormatVersion();
            log.outputStartTime(startEpochMs);
            log.setBaseTime(startEpochMs);
            log.outputBaseTime(startEpochMs);
            log.outputLegend();
        }
    }

    /** Appends one interval: a line per phase, empty phases included so every interval has every tag. */
    public void interval(IntervalSnapshot s) {
        start(s.startEpochMs());
        for (Histogram h : s.phases()) {
            log.outputIntervalHistogram(h);
        }
        out.flush();
    }

    /** Appends the outcome counts and how the rate was kept, after the last interval. */
    public void finish(Map<String, Long> outcomes, Map<String, Long> errors, RateKeeping rate) {
        start(System.currentTimeMillis());
        outcomes.forEach((k, v) -> comment(OUTCOME, k + "=" + v));
        errors.forEach((k, v) -> comment(ERROR, k + "=" + v));
        if (rate != null) {
            comment(RATE, String.format(Locale.ROOT,
                    "requested=%s achieved=%s starts=%d late=%d maxLagMs=%s capReached=%b",
                    rate.requestedPerSecond(), rate.achievedPerSecond(), rate.starts(), rate.lateStarts(),
                    rate.maxLagMillis(), rate.capReached()));
        }
    }

    private void comment(String key, String value) {
        log.outputComment("[" + key + ": " + value.replaceAll("[\\r\\n]", " ") + "]");
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (out.checkError()) {
            // PrintStream keeps the cause to itself
            throw new UnusableFileException("write", file.toString(), "a write failed");
        }
    }
}
