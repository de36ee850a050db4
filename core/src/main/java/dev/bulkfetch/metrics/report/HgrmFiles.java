package dev.bulkfetch.metrics.report;

import org.HdrHistogram.Histogram;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one percentile distribution file per phase, in HdrHistogram's {@code .hgrm} format (the
 * output of {@code outputPercentileDistribution}), values in milliseconds, as the HdrHistogram
 * plotter and wrk2 users expect.
 */
public final class HgrmFiles {
    private static final int TICKS_PER_HALF_DISTANCE = 5;
    private static final double MICROS_PER_MILLI = 1000.0;

    private HgrmFiles() {
    }

    /**
     * Writes {@code DIR/[PREFIX-]PHASE.hgrm} for each phase with values, creating the directory.
     *
     * @param prefix null, or a prefix that keeps several runs apart in one directory
     * @return the files written, in phase order
     */
    public static List<Path> write(Path dir, String prefix, Map<String, Histogram> phases) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, Histogram> e : phases.entrySet()) {
            if (e.getValue().getTotalCount() == 0) {
                continue;
            }
            Path file = dir.resolve((prefix == null ? "" : prefix + "-") + e.getKey() + ".hgrm");
            try (PrintStream out = new PrintStream(new BufferedOutputStream(Files.newOutputStream(file)), false,
                    StandardCharsets.UTF_8)) {
                e.getValue().outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, MICROS_PER_MILLI);
                if (out.checkError()) {
                    throw new IOException("cannot write " + file);
                }
            }
            written.add(file);
        }
        return written;
    }
}
