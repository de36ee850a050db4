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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/bulkfetch's heap for DNS sweeps: 64 MB for dns and rdns (what a sweep keeps alive, with room), the
 * JVM's own choice for everything else, and BULKFETCH_HEAP over both. As in {@link LauncherJitTest}, the
 * JVM prints its final flags and stops at a jar whose main class does not exist.
 */
class LauncherHeapTest {
    private static final long SWEEP_HEAP = 64L << 20;
    private static final Pattern MAX_HEAP = Pattern.compile("MaxHeapSize\\s+=\\s+(\\d+)");
    private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("bin").resolve("bulkfetch");

    @TempDir
    Path dir;

    @Test
    void dnsSweepsGetA64MegabyteHeapAndOtherRunsTheJvmDefault() throws Exception {
        assertEquals(SWEEP_HEAP, maxHeap(null, "rdns", "198.18.0.0/16"));
        assertEquals(SWEEP_HEAP, maxHeap(null, "dns", "names.txt"));
        assertNotEquals(SWEEP_HEAP, maxHeap(null, "http", "urls.txt"));
        // the subcommand is the first word that is not an option; later words are its inputs
        assertNotEquals(SWEEP_HEAP, maxHeap(null, "http", "rdns"));
    }

    @Test
    void environmentOverridesTheHeap() throws Exception {
        assertEquals(128L << 20, maxHeap("128m", "rdns", "198.18.0.0/16"));
        assertNotEquals(SWEEP_HEAP, maxHeap("default", "rdns", "198.18.0.0/16"));
        assertEquals(SWEEP_HEAP, maxHeap("64m", "http", "urls.txt"));
    }

    @Test
    void unknownHeapIsRefusedWithAMessage() throws Exception {
        Run r = launch("lots", "rdns", "198.18.0.0/16");
        assertEquals(2, r.exit, r.output);
        assertTrue(r.output.contains("BULKFETCH_HEAP must be auto, default or a size such as 64m (got 'lots')"), r.output);
    }

    private long maxHeap(String heap, String... args) throws Exception {
        Run r = launch(heap, args);
        Matcher m = MAX_HEAP.matcher(r.output);
        assertTrue(m.find(), "no MaxHeapSize in: " + r.output);
        return Long.parseLong(m.group(1));
    }

    private record Run(int exit, String output) {
    }

    private Run launch(String heap, String... args) throws Exception {
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
        env.remove("BULKFETCH_HEAP");
        if (heap != null) {
            env.put("BULKFETCH_HEAP", heap);
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
