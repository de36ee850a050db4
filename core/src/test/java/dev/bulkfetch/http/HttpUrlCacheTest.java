package dev.bulkfetch.http;

import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parser of an input stream remembers the host part of recent authorities: it must give exactly
 * what {@link HttpUrl#parse} gives (the same URL or the same refusal) whatever the order of lines, and
 * URLs of one authority must share their host strings, which is what it is for.
 */
class HttpUrlCacheTest {

    @Test
    void givesWhatParseGivesForStreamsOfUrlsSharingAuthorities() {
        Property.Outcomes o = Property.forAll("streams of URL-ish lines", HttpUrlCacheTest::stream)
                .tries(300)
                .show(l -> Property.Show.value(l))
                .check(lines -> {
                    HttpUrlCache parser = new HttpUrlCache();
                    int valid = 0;
                    for (String text : lines) {
                        HttpUrl expected;
                        try {
                            expected = HttpUrl.parse(text);
                        } catch (IllegalArgumentException e) {
                            IllegalArgumentException got = assertThrows(IllegalArgumentException.class,
                                    () -> parser.parse(text), text);
                            assertEquals(e.getMessage(), got.getMessage(), text);
                            continue;
                        }
                        HttpUrl got = parser.parse(text);
                        assertEquals(expected, got, text);
                        assertEquals(expected.toString(), got.toString(), text);
                        assertEquals(expected.hostHeader(), got.hostHeader(), text);
                        assertEquals(expected.origin(), got.origin(), text);
                        assertEquals(expected.literal(), got.literal(), text);
                        valid++;
                    }
                    return valid == 0 ? "all refused" : valid == lines.size() ? "all valid" : "mixed";
                });
        assertTrue(o.count("mixed") > 100, o.toString());
    }

    /** Lines of URL-ish text, each often followed by others with its beginning and another ending. */
    private static List<String> stream(SplittableRandom r) {
        List<String> lines = new ArrayList<>();
        for (int i = Gen.size(r, 12) + 1; i > 0; i--) {
            String text = HttpUrlPropertiesTest.urlish(r);
            lines.add(text);
            for (int j = r.nextInt(4); j > 0; j--) {
                int cut = r.nextInt(text.length() + 1);
                lines.add(text.substring(0, cut) + Gen.pick(r, "", "/", "/x", "/a b", "?q=1", "#f", "/ü", "/../y",
                        "%zz", "/" + "e".repeat(8_190), ":8080/", "\u0001", "/\uD800"));
            }
        }
        return lines;
    }

    @Test
    void urlsOfOneAuthorityShareTheirHostStrings() {
        HttpUrlCache parser = new HttpUrlCache();
        HttpUrl a = parser.parse("http://Example.COM:8080/a");
        HttpUrl b = parser.parse("http://Example.COM:8080/b?x=1");
        assertEquals("/b?x=1", b.target());
        assertSame(a.origin(), b.origin());
        assertSame(a.host(), b.host());
        assertSame(a.hostHeader(), b.hostHeader());
        // the same origin written otherwise is parsed again, to an equal result
        HttpUrl c = parser.parse("http://example.com:8080/c");
        assertEquals(a.origin(), c.origin());
        assertNotSame(a.origin(), c.origin());
    }

    @Test
    void forgetsTheLeastRecentlyUsedAuthorityBeyondItsBound() {
        HttpUrlCache parser = new HttpUrlCache();
        HttpUrl first = parser.parse("http://h0.example/");
        for (int i = 1; i <= HttpUrlCache.RECENT; i++) {
            parser.parse("http://h" + i + ".example/");
        }
        // h0 was the least recently used of RECENT + 1: forgotten, parsed anew
        assertNotSame(first.origin(), parser.parse("http://h0.example/x").origin());
        // h" + RECENT was used last: still remembered
        HttpUrl last = parser.parse("http://h" + HttpUrlCache.RECENT + ".example/y");
        assertSame(last.origin(), parser.parse("http://h" + HttpUrlCache.RECENT + ".example/z").origin());
    }

    @Test
    void aRefusedTargetDoesNotSpoilTheAuthority() {
        HttpUrlCache parser = new HttpUrlCache();
        HttpUrl ok = parser.parse("http://example.com/ok");
        String tooLong = "http://example.com/" + "€".repeat(2000);
        assertEquals(assertThrows(IllegalArgumentException.class, () -> HttpUrl.parse(tooLong)).getMessage(),
                assertThrows(IllegalArgumentException.class, () -> parser.parse(tooLong)).getMessage());
        assertSame(ok.origin(), parser.parse("http://example.com/again").origin());
    }
}
