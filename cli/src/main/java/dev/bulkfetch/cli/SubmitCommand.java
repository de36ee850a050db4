package dev.bulkfetch.cli;

import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.io.kafka.KafkaCluster;
import dev.bulkfetch.io.kafka.KafkaSubmitter;
import dev.bulkfetch.io.kafka.KafkaTopics;
import dev.bulkfetch.io.kafka.SubmitKind;
import dev.bulkfetch.io.kafka.SubmitMessages;
import dev.bulkfetch.io.kafka.SubmitReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bulkfetch submit}: puts targets into a Kafka topic, one message per input line or range block. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Puts targets into a Kafka topic, one message per line.",
            "For bulkfetch workers; idempotent producer, acks=all. URLs are keyed by (scheme, host,",
            "port), so one host's URLs share a partition; names and addresses by a hash of the line.",
            "An rdns CIDR range larger than a block is cut into one message per block. Lines that are",
            "no target are sent as they are (the worker records them as INVALID_INPUT). Prints the",
            "messages per partition.", "",
            "Example: bulkfetch submit --kafka 127.0.0.1:9092 --topic ranges --kind rdns 198.16.0.0/12"})
final class SubmitCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "The topic the targets go to.")
    String topic;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "http",
            description = "http, dns or rdns: what the lines are (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--block", paramLabel = "/PREFIX", defaultValue = "/20",
            description = {"rdns: cut larger CIDR ranges into blocks of this IPv4 prefix (default: ${DEFAULT-VALUE},",
                "4,096 addresses); IPv6 blocks hold as many addresses (/20 gives /116)."})
    String block;

    @Option(names = "--create-topic", description = "Create the topic if it is missing (with --partitions).")
    boolean createTopic;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of a topic --create-topic creates.")
    Integer partitions;

    @Parameters(paramLabel = "FILE|-|TARGET", description = "Inputs (default: standard input).")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        SubmitKind submitKind = kind();
        int blockPrefix = blockPrefix();
        checkTopicOptions();
        KafkaCluster cluster = kafka.cluster();
        PrintStream err = System.err;
        try (InputArguments lines = InputArguments.open(inputs, System.in)) {
            if (createTopic) {
                createTopic(cluster, err);
            }
            SubmitReport report = new KafkaSubmitter(cluster, topic).submit(new SubmitMessages(lines, submitKind, blockPrefix));
            print(report, err);
        }
        return ExitStatus.COMPLETED;
    }

    private SubmitKind kind() {
        try {
            return SubmitKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kind must be http, dns or rdns, not '" + kind + "'");
        }
    }

    private int blockPrefix() {
        String digits = block.startsWith("/") ? block.substring(1) : block;
        if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 32) {
            throw new UsageException("--block must be an IPv4 prefix length /1../32, not '" + block + "'");
        }
        return Integer.parseInt(digits);
    }

    private void checkTopicOptions() {
        if (topic.isBlank()) {
            throw new UsageException("--topic must name a topic");
        }
        if (createTopic && partitions == null) {
            throw new UsageException("--create-topic needs --partitions N");
        }
        if (partitions != null && !createTopic) {
            throw new UsageException("--partitions is for --create-topic (an existing topic keeps its partitions)");
        }
        if (partitions != null && partitions < 1) {
            throw new UsageException("--partitions must be at least 1");
        }
    }

    private void createTopic(KafkaCluster cluster, PrintStream err) {
        try (KafkaTopics topics = new KafkaTopics(cluster)) {
            boolean created = topics.create(topic, partitions);
            int n = topics.awaitLeaders(topic);
            err.println(created ? "created topic " + topic + " with " + n + " partitions"
                    : "topic " + topic + " exists, with " + n + " partitions");
        }
    }

    private void print(SubmitReport r, PrintStream err) {
        err.println("submitted " + r.messages() + (r.messages() == 1 ? " message" : " messages") + " from " + r.lines()
                + (r.lines() == 1 ? " line" : " lines") + " to topic " + topic
                + (r.skipped() > 0 ? " (" + r.skipped() + " blank or comment lines skipped)" : ""));
        r.perPartition().forEach((p, n) -> err.println("  partition " + p + ": " + n));
    }
}
