package dev.bulkfetch.cli;

import picocli.CommandLine;

/** Entry point of the {@code bulkfetch} command; its exit statuses are those of {@link ExitStatus}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Leak detection wraps sampled buffers on the hot path (measured ~10% of a DNS sweep); a user
        // chasing a leak can still turn it on with -Dio.netty.leakDetection.level=...
        defaultProperty("io.netty.leakDetection.level", "disabled");
        // Netty's allocator events would load the JFR module at start-up (tens of ms of a short run);
        // -Dio.netty.jfr.enabled=true brings them back for a recording
        defaultProperty("io.netty.jfr.enabled", "false");
        StartupWarmup.begin();
        SweepHeap.fitToSweep(args);
        System.exit(run(args));
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** Runs the command line and returns the exit status (for tests and the demo). */
    public static int run(String... args) {
        CommandLine cli = BulkfetchCommand.commandLine(args);
        cli.setParameterExceptionHandler((ex, a) -> ExitStatus.badOption(ex));
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> ExitStatus.failure(ex, cmd.getErr()));
        return cli.execute(args);
    }
}
