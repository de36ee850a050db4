package dev.bulkfetch.architecture;

import dev.bulkfetch.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages of core form a stack ({@link PackageStack#LEVELS}): no compiled class of the library uses a
 * package above its own, so a change can be read and made one layer at a time.
 */
class PackageStackTest {

    @Test
    void noClassOfTheLibraryUsesAPackageAboveItsOwn() throws Exception {
        Path classes = Path.of(Version.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> byClass = scan(classes);
        assertTrue(byClass.size() > 200, "compiled classes found under " + classes + ": " + byClass.size());
        List<String> broken = new ArrayList<>();
        Set<String> packagesSeen = new TreeSet<>();
        byClass.forEach((cls, used) -> {
            String pkg = packageOf(cls);
            packagesSeen.add(pkg);
            for (String v : PackageStack.violations(pkg, used)) {
                broken.add(cls + ": " + v);
            }
        });
        assertEquals(List.of(), broken, "the stack, bottom first: " + PackageStack.describe());
        for (String pkg : packagesSeen) {
            assertTrue(PackageStack.level(pkg) >= 0, pkg + " has no level");
        }
    }

    @Test
    void anUpwardReferenceIsFound(@TempDir Path dir) throws Exception {
        // a dns class that names the run: exactly what the stack forbids, compiled for real
        Path source = dir.resolve("src/dev/bulkfetch/dns/Upward.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package dev.bulkfetch.dns;
                final class Upward {
                    static Object run() {
                        return dev.bulkfetch.engine.RunControl.none();
                    }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        assertEquals(0, javac.run(null, null, null, "-cp", System.getProperty("java.class.path"),
                "-d", out.toString(), source.toString()));
        Map<String, Set<String>> byClass = scan(out);
        Set<String> used = byClass.get("dev.bulkfetch.dns.Upward");
        assertEquals(Set.of("dns", "engine"), used); // its own package, and the run
        assertEquals(Set.of("dev.bulkfetch.dns may not use dev.bulkfetch.engine (above it)"),
                PackageStack.violations("dns", used));
        assertEquals(Set.of("dev.bulkfetch.loop may not use dev.bulkfetch.error (same level)"),
                PackageStack.violations("loop", Set.of("error")));
    }

    /** Class name → the dev.bulkfetch packages it refers to, for every class file below {@code root}. */
    private static Map<String, Set<String>> scan(Path root) throws IOException, URISyntaxException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (!rel.startsWith("dev/bulkfetch/")) {
                    continue;
                }
                String cls = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                try (InputStream in = Files.newInputStream(f)) {
                    out.put(cls, PackageStack.referencedPackages(in));
                }
            }
        }
        return out;
    }

    /** "dns" for dev.bulkfetch.dns.DnsEngine$1, "" for dev.bulkfetch.Version. */
    private static String packageOf(String cls) {
        String rest = cls.substring("dev.bulkfetch.".length());
        int dot = rest.lastIndexOf('.');
        return dot < 0 ? "" : rest.substring(0, dot);
    }
}
