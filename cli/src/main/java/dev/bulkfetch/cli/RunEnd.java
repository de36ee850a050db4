package dev.bulkfetch.cli;

import dev.bulkfetch.engine.RunOutcome;
import dev.bulkfetch.metrics.RunRecord;

import java.io.IOException;
import java.io.PrintStream;

/** The last step of every run command: write the report files, then the exit status. */
final class RunEnd {
    private RunEnd() {
    }

    /** @return {@link ExitStatus#COMPLETED}, or {@link ExitStatus#FAILED} when the run or a report file failed */
    static int finish(PrintStream err, RunOutcome outcome, ReportOutputs outputs, RunRecord record) {
        int code = ExitStatus.COMPLETED;
        try {
            outputs.finish(record);
        } catch (IOException e) {
            code = ExitStatus.failed(err, e.getMessage());
        }
        if (outcome.fatal() != null) {
            code = ExitStatus.failed(err, outcome.fatal());
        }
        return code;
    }
}
