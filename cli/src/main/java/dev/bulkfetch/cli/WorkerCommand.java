package dev.bulkfetch.cli;

import dev.bulkfetch.io.kafka.KafkaCluster;
import dev.bulkfetch.io.kafka.WorkerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bulkfetch worker}: one member of a group of workers that share a topic of targets. The options
 * after the worker's own are those of the run command it works as ({@code http}, {@code dns},
 * {@code rdns}), parsed by that command, so a worker has every option a local run has and no copy of them.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Fetches the targets of a Kafka topic with the others of its group, exactly once.",
            "Joins consumer group --group on topic --in, runs its partitions' targets as `bulkfetch KIND` does",
            "and publishes one NDJSON record per target to --out, with the topic, partition and offset of",
            "its message. Records and input offsets are committed in one Kafka transaction, in input order",
            "per partition: a read_committed reader of --out sees every input once, even when a worker is",
            "killed. Runs until SIGINT/SIGTERM: then finishes what is in flight within --grace, commits,",
            "leaves the group (exit 130/143). Every other option is one of `bulkfetch KIND --help`.", "",
            "Example: bulkfetch worker --kafka 127.0.0.1:9092 --group crawl --in urls --out records -c 500 --host-delay 1s"})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--group", paramLabel = "GROUP", required = true, description = "The consumer group of the job's workers.")
    String group;

    @Option(names = "--in", paramLabel = "TOPIC", required = true, description = "The topic of targets (bulkfetch submit fills it).")
    String in;

    @Option(names = "--out", paramLabel = "TOPIC", required = true,
            description = "The topic of records (made with --in's partition count when missing).")
    String out;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "http",
            description = "http, dns or rdns: the run command whose options follow (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--worker-id", paramLabel = "ID", description = {
        "This worker's name (default: host name and process id). A worker restarted under the same name",
        "aborts what its predecessor left uncommitted at once, instead of after --transaction-timeout."})
    String workerId;

    @Option(names = "--commit-interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "How often finished records and their input offsets are committed (default: ${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Option(names = "--session-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long a silent worker keeps its partitions before the group hands them on (default: ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(names = "--transaction-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the brokers wait before aborting a dead worker's open transaction (default: ${DEFAULT-VALUE}).")
    Duration transactionTimeout;

    @Option(names = "--reorder-buffer", paramLabel = "N", defaultValue = "200000",
            description = "Finished records held back behind an unfinished earlier input at most (default: ${DEFAULT-VALUE}).")
    long reorderBuffer;

    @Unmatched
    List<String> kindArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        WorkerSettings settings = settings();
        return switch (kind) {
            case "http" -> parse(new HttpCommand()).work(settings);
            case "dns" -> parse(new DnsCommand()).work(settings);
            case "rdns" -> parse(new RdnsCommand()).work(settings);
            default -> throw new UsageException("--kind: expected http, dns or rdns, got '" + kind + "'");
        };
    }

    private WorkerSettings settings() {
        KafkaCluster cluster = kafka.cluster();
        try {
            WorkerSettings.Builder b = WorkerSettings.builder(cluster, group, in, out).commitInterval(commitInterval)
                    .sessionTimeout(sessionTimeout).transactionTimeout(transactionTimeout).reorderBuffer(reorderBuffer);
            if (workerId != null) {
                b.workerId(workerId);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The kind's command with the rest of the command line parsed into it, as `bulkfetch KIND` would. */
    private <C> C parse(C command) {
        try {
            new CommandLine(command).parseArgs(kindArgs.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage() + " (worker --kind " + kind + " takes the options of bulkfetch "
                    + kind + ")");
        }
        return command;
    }
}
