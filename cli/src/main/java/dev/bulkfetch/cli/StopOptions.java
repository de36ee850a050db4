package dev.bulkfetch.cli;

import dev.bulkfetch.engine.RunControl;
import dev.bulkfetch.io.ResumeIndex;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** How a run stops when interrupted, and how an interrupted run is finished later: {@code --grace}, {@code --resume}. */
final class StopOptions {
    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "On SIGINT/SIGTERM, time for work in flight to finish before the rest is CANCELLED (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--resume", description = {"Finish an interrupted run: keep the final records already in the -o file,",
        "drop its CANCELLED ones, and append the records of the inputs still missing (same inputs, NDJSON)."})
    boolean resume;

    RunControl control() {
        return new RunControl(grace);
    }

    /**
     * Prepares the output of an interrupted run for appending, or returns null without {@code --resume}.
     *
     * @param ndjson whether the chosen output format is NDJSON (the only one that names its inputs)
     */
    ResumeIndex prepare(Path output, boolean ndjson, PrintStream err) {
        if (!resume) {
            return null;
        }
        if (output == null || output.toString().equals("-")) {
            throw new UsageException("--resume needs the output file of the interrupted run (-o FILE)");
        }
        if (!ndjson) {
            throw new UsageException("--resume works with the ndjson format only");
        }
        try {
            ResumeIndex index = ResumeIndex.prepare(output);
            err.printf(Locale.ROOT, "resuming %s: %s kept, %,d CANCELLED and %s to redo%n", output,
                    Counted.of(index.kept(), "final record"), index.cancelled(), Counted.of(index.unreadable(), "cut record"));
            return index;
        } catch (IOException e) {
            throw UsageException.cannotRead("--resume", output, e);
        }
    }
}
