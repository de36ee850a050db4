package dev.bulkfetch.cli;

import dev.bulkfetch.io.kafka.CollectLimits;
import dev.bulkfetch.io.kafka.KafkaCluster;
import dev.bulkfetch.io.kafka.KafkaCollector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code bulkfetch collect}: writes the committed records of a result topic to a file or standard output. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Writes the committed records of a Kafka topic, one per line.",
            "For people without Kafka tooling: reads committed records only (read_committed) from the",
            "start of every partition, joins no group and commits nothing. Ends after --expect N records",
            "or once none has come for --until-idle (default 10s when neither is given).", "",
            "Example: bulkfetch collect --kafka 127.0.0.1:9092 --topic results --until-idle 5s -o out.ndjson"})
final class CollectCommand implements Callable<Integer> {
    /** The quiet time that ends a collect given neither --expect nor --until-idle. */
    static final Duration DEFAULT_IDLE = Duration.ofSeconds(10);

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "The topic to read.")
    String topic;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where records go (default: standard output).")
    Path output;

    @Option(names = "--expect", paramLabel = "N", description = "End after N records.")
    Long expect;

    @Option(names = "--until-idle", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "End once no new record has come for this long.")
    Duration untilIdle;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ndjson",
            description = {"ndjson (default): the records as the workers wrote them; simple: DNS records as",
                "`rdns --format simple` writes them (massdns-style `name. TYPE data` lines)."})
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("ndjson") && !format.equals("simple")) {
            throw new UsageException("--format: expected ndjson or simple, got '" + format + "'");
        }
        CollectLimits limits = limits();
        UsageException.checkWritable("--output", output);
        KafkaCluster cluster = kafka.cluster();
        long n;
        try (OutputStream out = open()) {
            n = new KafkaCollector(cluster, topic).collect(limits, out, format.equals("simple"));
        }
        System.err.println("collected " + n + " records from topic " + topic);
        return ExitStatus.COMPLETED;
    }

    private CollectLimits limits() {
        if (expect != null && expect < 1) {
            throw new UsageException("--expect must be at least 1");
        }
        if (untilIdle != null && (untilIdle.isZero() || untilIdle.isNegative())) {
            throw new UsageException("--until-idle must be a positive duration");
        }
        return new CollectLimits(expect == null ? 0 : expect, untilIdle == null && expect == null ? DEFAULT_IDLE : untilIdle);
    }

    /** The output file, or standard output kept open when the collect is done (others may print on it). */
    private OutputStream open() throws IOException {
        if (output == null || output.toString().equals("-")) {
            return new FilterOutputStream(new BufferedOutputStream(System.out, 1 << 16)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        try {
            return new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
        } catch (IOException e) {
            throw UsageException.cannotWrite("--output", output, e);
        }
    }
}
