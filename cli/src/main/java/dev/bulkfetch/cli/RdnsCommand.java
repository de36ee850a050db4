package dev.bulkfetch.cli;

import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.io.kafka.WorkerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bulkfetch rdns}: reverse lookups (PTR) for addresses, CIDR ranges and reverse names. */
@Command(name = "rdns", mixinStandardHelpOptions = true,
        description = {"Looks up the PTR of every address, CIDR range and reverse name.",
            "A PTR query for every IPv4/IPv6 address, every address of a CIDR range (expanded",
            "lazily) and every in-addr.arpa/ip6.arpa name, given one per line or as arguments;",
            "one record per address.", "",
            "Example: bulkfetch rdns --resolver 127.0.0.1:5353 198.18.0.0/16 -o ptr.ndjson"})
final class RdnsCommand implements Callable<Integer> {
    @Mixin
    DnsRunOptions options = new DnsRunOptions();

    @Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Option(names = "--max-targets", paramLabel = "N", defaultValue = "16777216",
            description = "Refuse a range with more addresses than this (default: ${DEFAULT-VALUE}, a /8).")
    long maxTargets;

    @Parameters(paramLabel = "FILE|-|CIDR|ADDRESS", description = "Inputs (default: standard input).")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        checkMaxTargets();
        try (InputArguments lines = InputArguments.open(inputs, System.in)) {
            return DnsRunner.run(options, reportOptions, DnsTargets.reverse(lines, maxTargets), System.err);
        }
    }

    /** Runs as a Kafka worker with these options: addresses and blocks from the input topic, records to the output topic. */
    int work(WorkerSettings settings) throws IOException {
        WorkerKinds.refuseLocalInputs(inputs, options.output);
        checkMaxTargets();
        return DnsRunner.work(options, reportOptions, settings, l -> DnsTargets.reverse(l, maxTargets), System.err);
    }

    private void checkMaxTargets() {
        if (maxTargets < 1) {
            throw new UsageException("--max-targets must be at least 1");
        }
    }
}
