package dev.bulkfetch.cli;

import dev.bulkfetch.engine.RunOutcome;
import dev.bulkfetch.metrics.RunRecord;

import java.io.IOException;
import java.io.PrintStream;

/** The last step of every run command: write the report files, then the exit status. */
final class RunEnd {
    private RunEnd() {
    }

    /** @return 0, or 1 when the run failed or a report file could not be written */
    static int finish(PrintStream err, RunOutcome outcome, ReportOutputs outputs, RunRecord record) {
        int code = 0;
        try {
            outputs.finish(record);
        } catch (IOException e) {
            err.println("bulkfetch: cannot write the latency report: " + e.getMessage());
            code = 1;
        }
        if (outcome.fatal() != null) {
            err.println("bulkfetch: fatal: " + outcome.fatal());
            code = 1;
        }
        return code;
    }
}
