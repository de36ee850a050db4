package dev.bulkfetch.cli;

import dev.bulkfetch.dns.DnsRecordType;
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

/** {@code bulkfetch dns}: forward lookups of one record type for a list of names. */
@Command(name = "dns", mixinStandardHelpOptions = true,
        description = {"Looks up one record type for every name of a list.",
            "Forward DNS: one query of the chosen type per name; IDN names go out as punycode.", "",
            "Example: bulkfetch dns -t AAAA --resolver 127.0.0.1:5353 names.txt --format simple"})
final class DnsCommand implements Callable<Integer> {
    @Mixin
    DnsRunOptions options = new DnsRunOptions();

    @Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "A",
            description = "A, AAAA, CNAME, MX, NS, TXT, SOA, SRV, PTR, CAA, ANY or TYPEnnn (default: ${DEFAULT-VALUE}).")
    String type;

    @Parameters(paramLabel = "FILE|-|NAME", description = "Inputs (default: standard input).")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        int code = typeCode();
        try (InputArguments lines = InputArguments.open(inputs, System.in)) {
            return DnsRunner.run(options, reportOptions, DnsTargets.forward(lines, code), System.err);
        }
    }

    /** Runs as a Kafka worker with these options: names from the input topic, records to the output topic. */
    int work(WorkerSettings settings) throws IOException {
        WorkerKinds.refuseLocalInputs(inputs, options.output);
        int code = typeCode();
        return DnsRunner.work(options, reportOptions, settings, l -> DnsTargets.forward(l, code), System.err);
    }

    private int typeCode() {
        try {
            return DnsRecordType.parse(type);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--type: " + e.getMessage());
        }
    }
}
