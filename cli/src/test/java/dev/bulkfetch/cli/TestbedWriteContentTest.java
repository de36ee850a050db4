package dev.bulkfetch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.HttpTestbedContent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulkfetch testbed --write-content DIR}: writes nginx's and NSD's files and exits without starting a
 * server (what is in the files: dev.bulkfetch.testbed.TestbedContentWriterTest).
 */
class TestbedWriteContentTest {

    @Test
    void writesTheDocumentTreeAndTheReverseZoneAndExitsZero(@TempDir Path dir) throws Exception {
        assertEquals(0, Main.run("testbed", "--write-content", dir.toString()));

        assertArrayEquals(HttpTestbedContent.body(1024), Files.readAllBytes(dir.resolve("www/pattern-1k.bin")));
        assertTrue(Files.isRegularFile(dir.resolve("www/pattern-1k.bin.gz")));
        assertTrue(Files.readString(dir.resolve("zones/18.198.in-addr.arpa.zone"))
                .contains("\n1.0 IN PTR 198-18-0-1.v4.bulkfetch.test.\n"));
    }

    @Test
    void aDirectoryThatCannotBeMadeIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        assertEquals(2, Main.run("testbed", "--write-content", file.resolve("below").toString()));
    }
}
