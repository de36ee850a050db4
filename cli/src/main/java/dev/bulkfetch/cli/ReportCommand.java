package dev.bulkfetch.cli;

import dev.bulkfetch.io.UnusableFileException;
import dev.bulkfetch.io.kafka.KafkaCluster;
import dev.bulkfetch.metrics.HlogRun;
import dev.bulkfetch.metrics.report.LatencyTable;
import dev.bulkfetch.metrics.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bulkfetch report}: rebuilds tables, summaries and HTML reports from interval logs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuilds latency tables and reports from interval logs.",
            "The percentile table, JSON summary, .hgrm files and HTML report, from HdrHistogram",
            "interval logs (bulkfetch's --hlog, or any tool's); several logs are overlaid.",
            "With --kafka and --topic: from the histograms that workers wrote to a topic,",
            "the cluster as one run and every worker as another, overlaid.", "",
            "Example: bulkfetch report before.hlog after.hlog --html compare.html",
            "  bulkfetch report --kafka 127.0.0.1:9092 --topic R.histograms --html c.html"})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.hlog", arity = "0..*", description = "Interval logs.")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers to start from: report the histograms topic --topic of a cluster of workers.")
    String kafka;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "With --kafka: the workers' histograms topic (the result topic's name plus .histograms).")
    String topic;

    @Option(names = "--kafka-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Longest wait for the cluster to answer; an unreachable one is exit 1 after it (default: ${DEFAULT-VALUE}).")
    Duration kafkaTimeout;

    @Option(names = "--hlog", paramLabel = "FILE",
            description = "With --kafka: write the cluster's intervals as an interval log (a log per kind of run if several).")
    Path hlog;

    @Option(names = "--html", paramLabel = "OUT.html", description = "Write the HTML report (runs overlaid).")
    Path html;

    @Option(names = "--summary", paramLabel = "FILE.json", description = "Write one JSON summary line per log.")
    Path summary;

    @Option(names = "--hgrm", paramLabel = "DIR", description = "Write .hgrm percentile files per phase (and log).")
    Path hgrm;

    @Option(names = "--start", paramLabel = "S", description = "Only intervals from S into each log (seconds, or 90s, 2m...).")
    String start;

    @Option(names = "--end", paramLabel = "E", description = "Only intervals ending before E into each log.")
    String end;

    @Override
    public Integer call() throws IOException {
        double from = offset("--start", start, 0);
        double to = offset("--end", end, Double.MAX_VALUE);
        if (to <= from) {
            throw new UsageException("--end must be after --start");
        }
        checkSources();
        KafkaCluster cluster = kafka == null ? null : KafkaOptions.cluster(kafka, kafkaTimeout);
        UsageException.checkWritable("--html", html);
        UsageException.checkWritable("--hlog", hlog);
        UsageException.checkWritable("--summary", summary);
        if (hgrm != null && Files.exists(hgrm) && !Files.isDirectory(hgrm)) {
            throw UsageException.file("--hgrm", new UnusableFileException("write", hgrm.toString(), "not a directory"));
        }
        // every log is read before anything is printed: a log that cannot be used is exit 2, nothing done
        List<RunRecord> local = new ArrayList<>();
        for (Path log : logs) {
            UnusableFileException.checkReadable(log);
            RunRecord run = HlogRun.read(log, from, to);
            // overlaid runs of one command share its name: the file tells them apart
            local.add(logs.size() > 1 || kafka != null
                    ? run.withLabel(log.getFileName().toString().replaceFirst("\\.hlog$", "")) : run);
        }
        List<RunRecord> runs = new ArrayList<>();
        KafkaReport fromTopic = null;
        if (cluster != null) {
            // the cluster first, then its workers; local logs given beside it are overlaid after them
            fromTopic = KafkaReport.read(cluster, topic, from, to, System.err);
            runs.addAll(fromTopic.runs());
        }
        runs.addAll(local);
        PrintStream out = System.out;
        for (RunRecord r : runs) {
            print(out, r);
        }
        try {
            if (hlog != null) {
                fromTopic.writeHlog(hlog);
            }
            ReportOutputs.writeFiles(runs, hgrm, summary, html);
        } catch (IOException e) {
            return ExitStatus.failed(System.err, e.getMessage());
        }
        return ExitStatus.COMPLETED;
    }

    /** Interval logs, a topic, or both; the Kafka options only together. */
    private void checkSources() {
        if (kafka == null && logs.isEmpty()) {
            throw new UsageException("give interval logs (FILE.hlog), or --kafka and --topic for a cluster's histograms");
        }
        if (kafka != null && (topic == null || topic.isBlank())) {
            throw new UsageException("--kafka needs --topic TOPIC (the workers' histograms topic)");
        }
        if (kafka == null && topic != null) {
            throw new UsageException("--topic is for --kafka");
        }
        if (kafka == null && hlog != null) {
            throw new UsageException("--hlog is for --kafka (a log given here is already an interval log)");
        }
    }

    private static void print(PrintStream out, RunRecord r) {
        out.printf(Locale.ROOT, "%s: %s in %.2f s (%,.0f/s), %s%n", r.label(), Counted.of(r.results(), "result"),
                r.seconds(), r.throughput(), Counted.of(r.errorCount(), "error"));
        StringBuilder sb = new StringBuilder("  outcomes:");
        r.outcomes().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %,d", k, v)));
        r.errors().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %,d", k, v)));
        if (!r.outcomes().isEmpty() || !r.errors().isEmpty()) {
            out.println(sb);
        }
        LatencyTable.print(out, r.phases());
        out.println();
    }

    private static double offset(String option, String value, double none) {
        if (value == null) {
            return none;
        }
        try {
            double secs = value.matches("\\d+(\\.\\d+)?") ? Double.parseDouble(value)
                    : new DurationConverter().convert(value).toNanos() / 1e9;
            if (secs < 0) {
                throw new UsageException(option + " must not be negative");
            }
            return secs;
        } catch (RuntimeException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
