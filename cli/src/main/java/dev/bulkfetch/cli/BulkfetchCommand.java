package dev.bulkfetch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** The top-level {@code bulkfetch} command; without a subcommand it runs the demo. */
@Command(name = "bulkfetch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Sends tens of thousands of HTTP requests and DNS queries at once from one event loop,",
            "and reports what came back and how fast.", "",
            "Without a command, runs 'demo' against embedded loopback servers."},
        subcommands = {HttpCommand.class, DnsCommand.class, RdnsCommand.class, ReportCommand.class,
            TestbedCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
final class BulkfetchCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return new DemoCommand().call();
    }
}
