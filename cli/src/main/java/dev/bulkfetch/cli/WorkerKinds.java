package dev.bulkfetch.cli;

import java.nio.file.Path;
import java.util.List;

/** What the run commands share when they run as a Kafka worker. */
final class WorkerKinds {
    private WorkerKinds() {
    }

    /** A worker reads targets from its input topic and writes records to its output topic, nothing else. */
    static void refuseLocalInputs(List<String> inputs, Path output) {
        if (!inputs.isEmpty()) {
            throw new UsageException("a worker reads its targets from --in, not from '" + inputs.get(0)
                    + "' (bulkfetch submit puts files into the topic)");
        }
        if (output != null) {
            throw new UsageException("a worker writes its records to --out, not to -o " + output
                    + " (bulkfetch collect writes them to a file)");
        }
    }
}
