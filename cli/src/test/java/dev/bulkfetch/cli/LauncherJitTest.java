package dev.bulkfetch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/bulkfetch's choice of JIT: C1 alone for a crawl paced by --host-delay, C2 as well otherwise, and
 * BULKFETCH_JIT over both. The JVM it starts prints its final flags and stops at a jar whose main
 * class does not exist, so the choice is read from the JVM itself.
 */
class LauncherJitTest {
    private static final Pattern TIERED_STOP = Pattern.compile("TieredStopAtLevel\\s+=\\s+(\\d+)");
    private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("bin").resolve("bulkfetch");

    @TempDir
    Path dir;

    @Test
    void pacedCrawlRunsOnC1AloneAndOtherRunsKeepC2() throws Exception {
        assertEquals(1, tieredStop(null, "http", "--host-delay", "50ms", "urls.txt"));
        assertEquals(1, tieredStop(null, "http", "-q", "--host-delay=2s", "urls.txt"));
        assertEquals(4, tieredStop(null, "http", "urls.txt"));
        assertEquals(4, tieredStop(null, "rdns", "198.18.0.0/16"));
        // after "--" it is an input, not an option
        assertEquals(4, tieredStop(null, "http", "--", "--host-delay"));
    }

    @Test
    void environmentOverridesTheChoice() throws Exception {
        assertEquals(4, tieredStop("full", "http", "--host-delay", "50ms", "urls.txt"));
        assertEquals(1, tieredStop("quick", "http", "urls.txt"));
        assertEquals(1, tieredStop("auto", "http", "--host-delay", "1s", "urls.txt"));
    }

    @Test
    void unknownChoiceIsRefusedWithAMessage() throws Exception {
        Run r = launch("fast", "http", "urls.txt");
        assertEquals(2, r.exit, r.output);
        assertTrue(r.output.contains("BULKFETCH_JIT must be auto, full or quick (got 'fast')"), r.output);
    }

    private int tieredStop(String jit, String... args) throws Exception {
        Run r = launch(jit, args);
        Matcher m = TIERED_STOP.matcher(r.output);
        assertTrue(m.find(), "no TieredStopAtLevel in: " + r.output);
        return Integer.parseInt(m.group(1));
    }

    private record Run(int exit, String output) {
    }

    private Run launch(String jit, String... args) throws Exception {
        Path jar = dir.resolve("nomain.jar");
        if (!Files.exists(jar)) {
            writeJarWithoutItsMainClass(jar);
        }
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("BULKFETCH_JAR", jar.toString());
        env.put("JAVA_OPTS", "-XX:+PrintFlagsFinal");
        env.remove("BULKFETCH_JIT");
        if (jit != null) {
            env.put("BULKFETCH_JIT", jit);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not end");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void writeJarWithoutItsMainClass(Path jar) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "NoSuchMainClass");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, mf)) {
            j.flush();
        }
    }
}
