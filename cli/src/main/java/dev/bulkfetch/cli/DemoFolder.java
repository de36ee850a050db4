package dev.bulkfetch.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one folder a demo run writes into: the interval log ({@code NAME.hlog}) and HTML report
 * ({@code NAME.html}) of each of its runs, so that {@code bulkfetch report} has logs to try and the
 * reports do not pile up in /tmp under random names. By default {@code bulkfetch-demo-YYYYMMDD-HHMMSS}
 * in the current directory, or in the temporary directory when the current one cannot be written
 * (a container's read-only working directory).
 */
final class DemoFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Duration INTERVAL = Duration.ofMillis(250);

    private final Path dir;

    private DemoFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * @param chosen the folder {@code --dir} names (created if missing), or null for a new default one
     * @throws UsageException when the chosen folder cannot be had
     */
    static DemoFolder create(Path chosen) {
        if (chosen != null) {
            try {
                return new DemoFolder(Files.createDirectories(chosen));
            } catch (IOException e) {
                throw UsageException.cannotWrite("--dir", chosen, e);
            }
        }
        String name = "bulkfetch-demo-" + STAMP.format(LocalDateTime.now());
        Path here = Path.of("");
        Path parent = Files.isWritable(here.toAbsolutePath()) ? here : Path.of(System.getProperty("java.io.tmpdir"));
        for (int n = 1; ; n++) {
            // two demos started in one second get -2, -3, ...: a folder is never shared by two runs
            Path dir = parent.resolve(n == 1 ? name : name + "-" + n);
            try {
                return new DemoFolder(Files.createDirectory(dir));
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (IOException e) {
                throw UsageException.cannotWrite("--dir", dir, e);
            }
        }
    }

    /** The folder: relative when it is in the current directory, as the user is best shown it. */
    Path path() {
        return dir;
    }

    /**
     * The outputs of one of the demo's runs, {@code NAME.hlog} and {@code NAME.html}.
     *
     * @param settings what the report shows as the run's settings: option, value, option, value...
     */
    ReportOutputs outputs(String name, String... settings) {
        ReportOptions files = new ReportOptions();
        files.hlog = dir.resolve(name + ".hlog");
        files.report = dir.resolve(name + ".html");
        files.interval = INTERVAL;
        String label = "bulkfetch demo (" + name + ")";
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("command", label);
        for (int i = 0; i + 1 < settings.length; i += 2) {
            shown.put(settings[i], settings[i + 1]);
        }
        return ReportOutputs.open(files, label, shown, new ProgressLine(System.err, false));
    }
}
