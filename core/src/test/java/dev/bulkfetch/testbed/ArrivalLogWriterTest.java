package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arrival log of {@code bulkfetch testbed --arrival-log FILE}: one line per arrival, three fields each. */
class ArrivalLogWriterTest {

    @Test
    void writerAppendsOneLinePerArrivalWithOddCharactersEscaped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("arrivals.txt");
        Files.writeString(file, "earlier line\n");

        ArrivalLogWriter writer = ArrivalLogWriter.open(file);
        writer.accept(new HttpTestbedArrival(1_700_000_000_000_001L, 1, "www.example.test", "/page/a?b=%20", "127.0.0.1", 5));
        writer.accept(new HttpTestbedArrival(1_700_000_000_000_002L, 2, "odd host\tname", "/x", "127.0.0.1", 5));
        assertNull(writer.closeAndReport());

        assertEquals(List.of("earlier line", "1700000000000001 www.example.test /page/a?b=%20",
                "1700000000000002 odd%20host%09name /x"), Files.readAllLines(file));
    }
}
