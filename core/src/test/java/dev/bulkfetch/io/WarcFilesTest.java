package dev.bulkfetch.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Naming of WARC files, and what a resumed run (append) does to the files of the run it resumes. */
class WarcFilesTest {
    @TempDir
    Path dir;

    @Test
    void rotatedFilesAreNumberedBesideTheNameGivenWithoutItsWarcSuffix() throws Exception {
        for (String name : List.of("crawl.warc.gz", "crawl.warc", "crawl.gz", "crawl")) {
            try (WarcFiles files = new WarcFiles(dir.resolve(name), 1 << 20, false)) {
                assertEquals(List.of(dir.resolve("crawl-00001.warc.gz")), files.files(), name);
                assertEquals(dir.resolve("crawl-00012.warc.gz"), files.numbered(12));
            }
        }
    }

    @Test
    void aResumedRunAppendsToTheFileOrBeginsAfterTheHighestNumber() throws Exception {
        Path single = dir.resolve("one.warc.gz");
        new WarcFiles(single, 0, false).close();
        new WarcFiles(single, 0, true).close();
        List<ArchivedRecord> records = ArchivedRecord.readAll(single);
        assertEquals(List.of("warcinfo", "warcinfo"), records.stream().map(ArchivedRecord::type).toList());

        Path rotated = dir.resolve("rot.warc.gz");
        new WarcFiles(rotated, 1 << 20, false).close();
        try (WarcFiles resumed = new WarcFiles(rotated, 1 << 20, true)) {
            assertEquals(List.of(dir.resolve("rot-00002.warc.gz")), resumed.files());
        }
        // without resuming, a run starts over at 1 and replaces what was there
        try (WarcFiles fresh = new WarcFiles(rotated, 1 << 20, false)) {
            assertEquals(List.of(dir.resolve("rot-00001.warc.gz")), fresh.files());
        }
        assertEquals(1, ArchivedRecord.readAll(dir.resolve("rot-00001.warc.gz")).size());
        new WarcFiles(single, 0, false).close();
        assertEquals(1, ArchivedRecord.readAll(single).size());
    }
}
