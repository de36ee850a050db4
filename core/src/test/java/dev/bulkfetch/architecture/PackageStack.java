package dev.bulkfetch.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packages of core as a stack, bottom first, and what a compiled class refers to. A class may use
 * its own package and packages on lower levels only; packages on one level do not use each other. Read
 * from the class files' constant pools rather than from import lines, so that fully qualified names,
 * field types and generic signatures count too.
 */
final class PackageStack {
    /** Each level's packages (relative to {@code dev.bulkfetch}; "" is the root package). */
    static final List<Set<String>> LEVELS = List.of(
            Set.of("", "error", "loop"),
            Set.of("dns"),
            Set.of("http"),
            Set.of("io"),
            Set.of("io.kafka"),
            Set.of("metrics"),
            Set.of("metrics.report"),
            Set.of("metrics.kafka"),
            Set.of("crawl.robots"),
            Set.of("crawl"),
            Set.of("engine"),
            Set.of("worker"),
            Set.of("testbed"));

    private static final Pattern REFERENCE = Pattern.compile("dev/bulkfetch/((?:[a-z][a-z0-9]*/)*)[A-Z]");

    private PackageStack() {
    }

    /** The level of a package, or -1 for a package the stack does not name. */
    static int level(String pkg) {
        for (int i = 0; i < LEVELS.size(); i++) {
            if (LEVELS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    /** "may not use" descriptions of every reference from {@code pkg} that breaks the stack. */
    static Set<String> violations(String pkg, Set<String> used) {
        Set<String> out = new TreeSet<>();
        int own = level(pkg);
        for (String u : used) {
            if (u.equals(pkg)) {
                continue;
            }
            int other = level(u);
            if (own < 0 || other < 0) {
                out.add(name(pkg) + " or " + name(u) + " is missing from PackageStack.LEVELS");
            } else if (other >= own) {
                out.add(name(pkg) + " may not use " + name(u) + (other == own ? " (same level)" : " (above it)"));
            }
        }
        return out;
    }

    private static String name(String pkg) {
        return pkg.isEmpty() ? "dev.bulkfetch" : "dev.bulkfetch." + pkg;
    }

    /** The dev.bulkfetch packages (relative names) that a class file refers to. */
    static Set<String> referencedPackages(InputStream classFile) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String utf8 : utf8Constants(new DataInputStream(classFile))) {
            Matcher m = REFERENCE.matcher(utf8);
            while (m.find()) {
                String path = m.group(1);
                out.add(path.isEmpty() ? "" : path.substring(0, path.length() - 1).replace('/', '.'));
            }
        }
        return out;
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS 4.4), where every type it names is written. */
    private static List<String> utf8Constants(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        List<String> out = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // eight-byte constants take two slots
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return out;
    }

    /** For messages: the stack as text, bottom first. */
    static String describe() {
        StringBuilder b = new StringBuilder();
        for (Set<String> level : LEVELS) {
            b.append(b.length() == 0 ? "" : " < ").append(new TreeSet<>(level));
        }
        return b.toString();
    }
}
