package dev.bulkfetch.cli;

import dev.bulkfetch.io.UnusableFileException;
import dev.bulkfetch.io.kafka.HistogramReadReport;
import dev.bulkfetch.io.kafka.HistogramTopicReader;
import dev.bulkfetch.io.kafka.KafkaCluster;
import dev.bulkfetch.metrics.HlogWriter;
import dev.bulkfetch.metrics.IntervalSnapshot;
import dev.bulkfetch.metrics.RunRecord;
import dev.bulkfetch.metrics.kafka.ClusterIntervals;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bulkfetch report --kafka}: the workers' interval histograms read from their topic, as the
 * cluster's run and each worker's. Kept apart from {@link ReportCommand} so that the Kafka client
 * loads only when a report reads a topic.
 */
final class KafkaReport {
    private final ClusterIntervals intervals;
    private final String source;
    private final double from;
    private final double to;

    private KafkaReport(ClusterIntervals intervals, String source, double from, double to) {
        this.intervals = intervals;
        this.source = source;
        this.from = from;
        this.to = to;
    }

    /**
     * Reads the whole topic; a malformed message is skipped with one warning line on err that counts
     * them all.
     *
     * @throws dev.bulkfetch.io.kafka.KafkaUnavailableException when the cluster does not answer in time or
     *                                                         the topic does not exist (exit 1)
     * @throws UsageException                                    when the topic holds no histograms in the range
     */
    static KafkaReport read(KafkaCluster cluster, String topic, double from, double to, PrintStream err) {
        ClusterIntervals intervals = new ClusterIntervals();
        HistogramReadReport read = new HistogramTopicReader(cluster, topic).read(intervals::add);
        if (read.malformed() > 0) {
            err.printf(Locale.ROOT, "bulkfetch: skipped %s of topic %s: not %s (first at %s)%n",
                    Counted.of(read.malformed(), "message"), topic,
                    read.malformed() == 1 ? "an interval histogram" : "interval histograms", read.firstProblem());
        }
        KafkaReport report = new KafkaReport(intervals, "topic " + topic + " at " + cluster.bootstrap(), from, to);
        if (report.runs().isEmpty()) {
            throw new UsageException("topic " + topic + " at " + cluster.bootstrap() + " holds no interval histograms"
                    + (from > 0 || to < Double.MAX_VALUE ? " in the chosen time range" : ""));
        }
        return report;
    }

    /** The cluster of each kind of run, then each of its workers. */
    List<RunRecord> runs() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("source", source);
        return intervals.runs(from, to, settings);
    }

    /** Writes each kind's cluster intervals as an interval log ({@code FILE-KIND.hlog} when there are several). */
    void writeHlog(Path file) throws IOException {
        List<String> kinds = intervals.kinds();
        for (String kind : kinds) {
            Path out = kinds.size() == 1 ? file
                    : file.resolveSibling(file.getFileName().toString().replaceFirst("(\\.hlog)?$", "-" + kind + ".hlog"));
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("source", source);
            settings.put("kind", kind);
            settings.put("workers", String.join(" ", intervals.workers(kind)));
            try (HlogWriter w = HlogWriter.open(out, kinds.size() == 1 ? "cluster" : "cluster " + kind, settings)) {
                for (IntervalSnapshot s : intervals.within(intervals.cluster(kind), from, to)) {
                    w.interval(s);
                }
                w.finish(Map.of(), Map.of(), null);
            } catch (UnusableFileException e) {
                throw e;
            } catch (IOException e) {
                throw UnusableFileException.writing(out, e);
            }
        }
    }
}
