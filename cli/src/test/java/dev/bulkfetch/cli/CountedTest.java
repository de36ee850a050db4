package dev.bulkfetch.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CountedTest {
    @Test
    void oneIsSingularAndEveryCountIsGroupedInThousands() {
        assertEquals("1 lookup", Counted.of(1, "lookup"));
        assertEquals("0 lookups", Counted.of(0, "lookup"));
        assertEquals("2,011 URLs", Counted.of(2011, "URL"));
        assertEquals("1 fetch", Counted.of(1, "fetch", "fetches"));
        assertEquals("1,048,576 fetches", Counted.of(1 << 20, "fetch", "fetches"));
    }
}
