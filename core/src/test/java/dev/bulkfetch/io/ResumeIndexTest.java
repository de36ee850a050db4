package dev.bulkfetch.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeIndexTest {

    @Test
    void readsTheKeyOfRecordsOfBothKinds() {
        NdjsonRecordKey dns = NdjsonRecordKey.parse("{\"line\":12,\"input\":\"198.18.0.0/16 \\\"x\\\",\\\"name\\\":\","
                + "\"name\":\"1.0.18.198.in-addr.arpa.\",\"type\":\"PTR\",\"answers\":[\"a.\",\"b]\"],\"chain\":[],"
                + "\"rtt_ms\":0.113,\"error\":null}");
        assertEquals(new NdjsonRecordKey(12, "1.0.18.198.in-addr.arpa.", null), dns);
        NdjsonRecordKey http = NdjsonRecordKey.parse("{\"line\":3,\"input\":\"http://x/\",\"url\":null,\"timing_ms\":"
                + "{\"dns\":null,\"total\":1.5},\"headers\":[[\"a\",\"{\"]],\"error\":{\"kind\":\"CANCELLED\",\"errno\":null,"
                + "\"message\":\"HTTP engine closed\"}}");
        assertEquals(new NdjsonRecordKey(3, null, "CANCELLED"), http);
        assertNull(NdjsonRecordKey.parse("{\"line\":3,\"input\":\"http://x/\",\"url\":nu"));
        assertNull(NdjsonRecordKey.parse("garbage"));
        assertNull(NdjsonRecordKey.parse(""));
        assertNull(NdjsonRecordKey.parse("{\"input\":\"no line\"}"));
    }

    @Test
    void dropsCancelledAndCutRecordsAndSkipsWhatIsDone(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.ndjson");
        Files.writeString(out, String.join("\n",
                "{\"line\":1,\"input\":\"a\",\"error\":null}",
                "{\"line\":2,\"input\":\"b\",\"error\":{\"kind\":\"CANCELLED\",\"errno\":null,\"message\":\"m\"}}",
                "{\"line\":3,\"input\":\"c\",\"error\":{\"kind\":\"CONNECT_REFUSED\",\"errno\":111,\"message\":\"m\"}}",
                "{\"line\":5,\"input\":\"10.0.0.0/31\",\"name\":\"0.0.0.10.in-addr.arpa.\",\"error\":null}",
                "{\"line\":4,\"input\":\"d\",\"err") + "\n");
        ResumeIndex index = ResumeIndex.prepare(out);
        assertEquals(3, index.kept());
        assertEquals(1, index.cancelled());
        assertEquals(1, index.unreadable());
        List<String> left = Files.readAllLines(out);
        assertEquals(3, left.size());
        assertFalse(left.stream().anyMatch(l -> l.contains("CANCELLED") || l.contains("\"line\":4")));
        assertTrue(index.done(1, null) && index.done(3, null) && index.done(5, "0.0.0.10.in-addr.arpa."));
        assertFalse(index.done(2, null) || index.done(4, null) || index.done(5, "1.0.0.10.in-addr.arpa."));

        List<long[]> targets = List.of(new long[] {1}, new long[] {2}, new long[] {3}, new long[] {4});
        List<Long> remaining = new ArrayList<>();
        index.remaining(TargetSource.of(targets), t -> t[0], t -> null).forEachRemaining(t -> remaining.add(t[0]));
        assertEquals(List.of(2L, 4L), remaining);
        assertEquals(0, ResumeIndex.prepare(dir.resolve("missing.ndjson")).kept());
    }

    @Test
    void holdsMillionsOfKeysCompactly() {
        LongSet set = new LongSet();
        for (long i = 0; i < 2_000_000; i++) {
            assertTrue(set.add(i * 7919));
        }
        assertFalse(set.add(0));
        assertEquals(2_000_000, set.size());
        assertTrue(set.contains(7919L * 1_999_999));
        assertFalse(set.contains(7919L * 2_000_000));
    }
}
