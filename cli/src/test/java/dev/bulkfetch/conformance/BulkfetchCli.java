package dev.bulkfetch.conformance;

import dev.bulkfetch.cli.Main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the bulkfetch command line in this JVM, exactly as {@code Main} does, and reads its output. */
final class BulkfetchCli {
    private BulkfetchCli() {
    }

    /** Runs {@code bulkfetch ARGS -o output}, asserts exit status 0 and returns the output's lines. */
    static List<String> run(Path output, String... args) throws IOException {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("-o");
        all.add(output.toString());
        int status = Main.run(all.toArray(String[]::new));
        assertEquals(0, status, "exit status of bulkfetch " + String.join(" ", args));
        return Files.readAllLines(output);
    }
}
