package dev.bulkfetch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code bulkfetch} command in a child JVM, as a user runs it: its own heap limit, its own descriptor
 * limit, its exit status, and the peak resident memory the kernel saw.
 *
 * <p>The classes come from the test's class path, with every directory on it packed into a jar first. A JVM
 * keeps the jars of its class path open, but opens a file for each class it loads from a directory: a child
 * run out of file descriptors on purpose could not load the classes of its error paths from there.
 */
final class ChildCli {
    private static final Pattern PEAK_RSS = Pattern.compile("VmHWM:\\s+(\\d+) kB");
    private static final long POLL_MILLIS = 50;

    private final String classPath;
    private final Path dir;

    /** @param dir where the jars and the child's output files go */
    ChildCli(Path dir) {
        this.dir = dir;
        this.classPath = jarredClassPath(dir);
    }

    /** What the child did. */
    record Result(int exit, String stdout, String stderr, long peakRssKb, long millis) {
    }

    /**
     * Runs {@code java <jvmOptions> -cp <jars> dev.bulkfetch.cli.Main <args>}, through {@code bash -c shell}
     * when {@code shell} is not null (it must end by exec-ing {@code "$0" "$@"}).
     */
    Result run(String shell, List<String> jvmOptions, List<String> args, Duration timeout) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (shell != null) {
            cmd.addAll(List.of("bash", "-c", shell));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, Main.class.getName()));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // exec keeps the pid: with a shell in front, this is still the JVM's status file
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = 0;
        long deadline = start + timeout.toNanos();
        while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, peakRss(status));
            if (System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the CLI did not finish within " + timeout + "; stderr:\n"
                        + tail(Files.readString(err, StandardCharsets.UTF_8)));
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), peak, millis);
    }

    /** A child running in the background (a worker): stopped by a signal, then read. */
    record Running(Process process, Path stdout, Path stderr) {
        /** What it wrote on stderr so far. */
        String err() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        /** SIGTERM, and its exit status once it has ended (within the timeout). */
        int terminate(Duration timeout) throws Exception {
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the child did not end within " + timeout + " of SIGTERM; stderr:\n" + tail(err()));
            }
            return process.exitValue();
        }

        /** SIGKILL: no handler runs, nothing is flushed or committed. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code java <jvmOptions> -cp <jars> dev.bulkfetch.cli.Main <args>} and returns at once. */
    Running start(List<String> jvmOptions, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, Main.class.getName()));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(p, out, err);
    }

    /** The high-water mark of resident memory, or 0 once the process is gone. */
    private static long peakRss(Path status) {
        try {
            Matcher m = PEAK_RSS.matcher(Files.readString(status));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException | UncheckedIOException gone) {
            return 0;
        }
    }

    static String tail(String text) {
        return text.length() <= 4_000 ? text : "..." + text.substring(text.length() - 4_000);
    }

    private static String jarredClassPath(Path dir) {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = dir.resolve("classes-" + n++ + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void pack(Path classes, Path jar) {
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + classes, e);
        }
    }
}
