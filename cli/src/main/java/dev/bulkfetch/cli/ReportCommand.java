package dev.bulkfetch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bulkfetch report}: latency reports from interval logs. Not part of this build yet. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuilds percentile tables and HTML reports from HdrHistogram interval logs",
            "(not available in this build yet)."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.hlog", description = "Interval logs.")
    List<String> logs = new ArrayList<>();

    @Override
    public Integer call() {
        System.err.println("bulkfetch: the report command is not available in this build yet;"
                + " dns and rdns print their latency summary at the end of each run.");
        return 1;
    }
}
