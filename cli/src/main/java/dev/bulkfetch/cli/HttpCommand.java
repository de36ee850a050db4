package dev.bulkfetch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bulkfetch http}: bulk HTTP/1.1 fetching. The HTTP engine is not part of this build yet. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"Bulk HTTP/1.1 fetching of a URL list (not available in this build: the HTTP engine",
            "is the next piece of work). The embedded HTTP testbed is available: bulkfetch testbed."})
final class HttpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|-|URL", description = "Inputs.")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() {
        System.err.println("bulkfetch: the http command is not available in this build yet"
                + " (the HTTP engine is still being written); dns, rdns, testbed and demo are.");
        return 1;
    }
}
