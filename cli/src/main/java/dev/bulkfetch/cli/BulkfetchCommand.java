package dev.bulkfetch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The top-level {@code bulkfetch} command; without a subcommand it runs the demo. */
@Command(name = "bulkfetch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Sends tens of thousands of HTTP requests and DNS queries at once from one",
            "event loop, and reports what came back and how fast.", "",
            "Without a command, runs 'demo' against embedded loopback servers."},
        footer = {"", ExitStatus.RULE})
final class BulkfetchCommand implements Callable<Integer> {
    /**
     * The subcommands, in the order help lists them. Main registers only the one a command line names:
     * picocli reads every registered command's annotations by reflection before parsing, and the
     * others cost ~40 ms of every run's start.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("http", HttpCommand::new);
        m.put("dns", DnsCommand::new);
        m.put("rdns", RdnsCommand::new);
        m.put("report", ReportCommand::new);
        m.put("submit", SubmitCommand::new);
        m.put("collect", CollectCommand::new);
        m.put("worker", WorkerCommand::new);
        m.put("testbed", TestbedCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(m);
    }

    /** The command line for args: the top-level command and the subcommands args can reach. */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new BulkfetchCommand());
        String first = args.length > 0 ? args[0] : "";
        if (SUBCOMMANDS.containsKey(first) && !first.equals("help")) {
            cli.addSubcommand(first, SUBCOMMANDS.get(first).get());
        } else {
            // help, --help, --version, a mistyped name or no command (the demo): register all of them
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        return new DemoCommand().call();
    }
}
