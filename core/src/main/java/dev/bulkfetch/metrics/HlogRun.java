package dev.bulkfetch.metrics;

import dev.bulkfetch.io.UnusableFileException;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an interval log back into a {@link RunRecord}: the histograms through HdrHistogram's own
 * reader, the settings and outcomes from the comment lines {@link HlogWriter} added. Logs written by
 * other tools work too (untagged histograms become the {@code total} phase; no outcomes).
 */
public final class HlogRun {
    private HlogRun() {
    }

    /**
     * @param startSeconds keep intervals starting at or after this many seconds into the log
     * @param endSeconds   and ending before this many; {@link Double#MAX_VALUE} for the end of the log
     */
    public static RunRecord read(Path file, double startSeconds, double endSeconds) throws IOException {
        Comments c = Comments.read(file);
        Map<String, Histogram> phases = new LinkedHashMap<>();
        List<IntervalPoint> points = new ArrayList<>();
        List<Histogram> current = new ArrayList<>();
        Set<String> currentTags = new HashSet<>();
        long firstStartMs = -1;
        long lastEndMs = -1;
        long logStartMs = -1;
        HistogramLogReader reader;
        try {
            reader = new HistogramLogReader(file.toFile());
        } catch (FileNotFoundException e) {
            throw UnusableFileException.reading(file, e);
        }
        try {
            EncodableHistogram e;
            while ((e = next(reader, file, startSeconds, endSeconds)) != null) {
                if (!(e instanceof Histogram h)) {
                    throw unusable(file, "it holds double histograms; bulkfetch logs integer microseconds");
                }
                if (h.getTag() == null) {
                    h.setTag(Phases.TOTAL);
                }
                if (logStartMs < 0) {
                    logStartMs = (long) (reader.getStartTimeSec() * 1000);
                }
                if (!currentTags.add(h.getTag())) {
                    points.add(point(current, logStartMs));
                    current.clear();
                    currentTags.clear();
                    currentTags.add(h.getTag());
                }
                current.add(h);
                phases.computeIfAbsent(h.getTag(), t -> {
                    Histogram sum = PhaseRecorder.newHistogram();
                    sum.setTag(t);
                    return sum;
                }).add(h);
                firstStartMs = firstStartMs < 0 ? h.getStartTimeStamp() : Math.min(firstStartMs, h.getStartTimeStamp());
                lastEndMs = Math.max(lastEndMs, h.getEndTimeStamp());
            }
        } finally {
            reader.close();
        }
        if (!current.isEmpty()) {
            points.add(point(current, logStartMs));
        }
        if (phases.isEmpty()) {
            throw unusable(file, "it holds no interval histograms" + (startSeconds > 0
                    || endSeconds < Double.MAX_VALUE ? " in the chosen time range" : ""));
        }
        double seconds = (lastEndMs - firstStartMs) / 1000.0;
        String label = c.label != null ? c.label : file.getFileName().toString();
        boolean whole = startSeconds <= 0 && endSeconds == Double.MAX_VALUE;
        // outcome counts cover the whole run: a time range shows only what its histograms hold
        return new RunRecord(label, logStartMs, seconds, c.settings, phases, points, whole ? c.outcomes : Map.of(),
                whole ? c.errors : Map.of(), c.rate);
    }

    private static EncodableHistogram next(HistogramLogReader reader, Path file, double start, double end)
            throws IOException {
        try {
            return start <= 0 && end == Double.MAX_VALUE ? reader.nextIntervalHistogram()
                    : reader.nextIntervalHistogram(start, end);
        } catch (RuntimeException e) {
            throw unusable(file, "not a readable HdrHistogram interval log (" + e.getMessage() + ")");
        }
    }

    /** A log that can be read but not used: the report command's user is told which and why. */
    private static UnusableFileException unusable(Path file, String reason) {
        return new UnusableFileException("use", file.toString(), reason);
    }

    private static IntervalPoint point(List<Histogram> interval, long logStartMs) {
        long start = interval.stream().mapToLong(Histogram::getStartTimeStamp).min().orElse(logStartMs);
        long end = interval.stream().mapToLong(Histogram::getEndTimeStamp).max().orElse(start);
        return IntervalPoint.of((start - logStartMs) / 1000.0, (end - start) / 1000.0, interval);
    }

    /** What the {@code #[bulkfetch-...]} comment lines say. */
    private static final class Comments {
        String label;
        final Map<String, String> settings = new LinkedHashMap<>();
        final Map<String, Long> outcomes = new TreeMap<>();
        final Map<String, Long> errors = new TreeMap<>();
        RateKeeping rate;

        static Comments read(Path file) throws IOException {
            Comments c = new Comments();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("#[bulkfetch-") && line.endsWith("]")) {
                        c.take(line.substring(2, line.length() - 1));
                    }
                }
            } catch (java.nio.charset.MalformedInputException e) {
                throw unusable(file, "not a text interval log");
            } catch (IOException e) {
                throw UnusableFileException.reading(file, e);
            }
            return c;
        }

        private void take(String comment) {
            int colon = comment.indexOf(": ");
            if (colon < 0) {
                return;
            }
            String key = comment.substring(0, colon);
            String value = comment.substring(colon + 2);
            int eq = value.indexOf('=');
            switch (key) {
                case HlogWriter.LABEL -> label = value;
                case HlogWriter.SETTING -> {
                    if (eq > 0) {
                        settings.put(value.substring(0, eq), value.substring(eq + 1));
                    }
                }
                case HlogWriter.OUTCOME -> count(outcomes, value, eq);
                case HlogWriter.ERROR -> count(errors, value, eq);
                case HlogWriter.RATE -> rate = rate(value);
                default -> {
                }
            }
        }

        private static void count(Map<String, Long> into, String value, int eq) {
            if (eq > 0) {
                try {
                    into.merge(value.substring(0, eq), Long.parseLong(value.substring(eq + 1)), Long::sum);
                } catch (NumberFormatException ignored) {
                    // a hand-edited line: the histograms still make a report
                }
            }
        }

        private static RateKeeping rate(String value) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String part : value.split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    kv.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            try {
                return new RateKeeping(Double.parseDouble(kv.get("requested")), Double.parseDouble(kv.get("achieved")),
                        Long.parseLong(kv.get("starts")), Long.parseLong(kv.get("late")),
                        Double.parseDouble(kv.get("maxLagMs")), Boolean.parseBoolean(kv.get("capReached")));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
