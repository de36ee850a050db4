package dev.bulkfetch.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputArgumentsTest {
    private static final ByteArrayInputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    private static List<String> texts(InputArguments args) {
        List<String> out = new ArrayList<>();
        args.forEachRemaining(l -> out.add(l.number() + " " + l.text()));
        return out;
    }

    @Test
    void aMissingFileIsReportedAsOneNotTakenForATarget(@TempDir Path dir) {
        // "addresses.txt" would be an INVALID_INPUT target for rdns, and for http a host name to look up
        for (String arg : List.of("no-such-addresses.txt", "urls.csv", "data/ips", "./ips", "../ips", "~/ips",
                dir.resolve("missing").toString(), ".")) {
            UnusableFileException e = assertThrows(UnusableFileException.class,
                    () -> InputArguments.open(List.of("198.18.0.1", arg), NO_STDIN), arg);
            assertEquals(arg, e.path());
            if (!arg.equals(".")) {
                assertEquals("cannot read " + arg + ": no such file, and not a target either", e.getMessage());
            }
        }
    }

    @Test
    void aDirectoryGivenAsInputIsRefusedAsOne(@TempDir Path dir) {
        UnusableFileException e = assertThrows(UnusableFileException.class,
                () -> InputArguments.open(List.of(dir.toString()), NO_STDIN));
        assertEquals("cannot read " + dir + ": is a directory", e.getMessage());
        e = assertThrows(UnusableFileException.class, () -> InputArguments.open(List.of("."), NO_STDIN));
        assertEquals("cannot read .: is a directory", e.getMessage());
    }

    @Test
    void targetsWithSlashesOrDotsStayTargets() throws Exception {
        List<String> targets = List.of("198.18.0.0/16", "2001:db8::/120", "10/8", "198.18.0.1", "www.bulkfetch.test",
                "http://127.0.0.1:8080/list.txt", "example.com/page", "localhost:8080/x",
                "0/26.2.0.192.in-addr.arpa", "not a target");
        try (InputArguments args = InputArguments.open(targets, NO_STDIN)) {
            List<String> lines = texts(args);
            for (int i = 0; i < targets.size(); i++) {
                assertEquals((i + 1) + " " + targets.get(i), lines.get(i));
            }
        }
    }

    @Test
    void filesAndStandardInputAreReadLineByLineAndNumberedAcrossAll(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("addresses.txt"), "198.18.0.1\n198.18.0.2\n");
        var stdin = new ByteArrayInputStream("198.18.0.3\n".getBytes(StandardCharsets.US_ASCII));
        try (InputArguments args = InputArguments.open(List.of(list.toString(), "-", "198.18.0.4"), stdin)) {
            assertEquals(List.of("1 198.18.0.1", "2 198.18.0.2", "3 198.18.0.3", "4 198.18.0.4"), texts(args));
        }
    }

    @Test
    void aFileGoneBeforeItsTurnEndsTheReadingNamingIt(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("later.txt"), "198.18.0.1\n");
        try (InputArguments args = InputArguments.open(List.of("198.18.0.9", list.toString()), NO_STDIN)) {
            assertEquals("198.18.0.9", args.next().text());
            Files.delete(list);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, args::next);
            assertEquals(list + ": no such file, and not a target either", e.getMessage());
        }
    }

    @Test
    void reasonsNameThePathOnceInTheFileSystemsWords(@TempDir Path dir) throws Exception {
        Path missingDir = dir.resolve("no/such/dir/out.txt");
        UnusableFileException w = assertThrows(UnusableFileException.class,
                () -> UnusableFileException.checkWritable(missingDir));
        assertEquals("cannot write " + missingDir + ": its directory does not exist", w.getMessage());
        IOException intoDir = assertThrows(IOException.class, () -> Files.newOutputStream(dir));
        assertEquals("cannot write " + dir + ": is a directory", UnusableFileException.writing(dir, intoDir).getMessage());
        IOException missing = assertThrows(IOException.class, () -> Files.newInputStream(missingDir));
        assertEquals("cannot read " + missingDir + ": no such file",
                UnusableFileException.reading(missingDir, missing).getMessage());
        assertTrue(assertThrows(UnusableFileException.class, () -> UnusableFileException.checkReadable(dir))
                .getMessage().endsWith(": is a directory"));
    }
}
