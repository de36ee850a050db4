package dev.bulkfetch.crawl.robots;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The robots.txt cache keeps within its host count and its heap budget, dropping the least recently used. */
class RobotsCacheTest {

    private static RobotsRules rulesOf(int n) {
        StringBuilder body = new StringBuilder("User-agent: *\n");
        for (int i = 0; i < n; i++) {
            body.append("Disallow: /some/fairly/long/path/number/").append(i).append("/\n");
        }
        return RobotsRules.parse(body.toString().getBytes(StandardCharsets.US_ASCII), "bulkfetch");
    }

    @Test
    void theLeastRecentlyUsedHostGoesFirst() {
        RobotsCache cache = new RobotsCache(2, Long.MAX_VALUE);
        RobotsRules a = rulesOf(1);
        cache.put("a", a);
        cache.put("b", rulesOf(1));
        assertSame(a, cache.get("a"));   // a is now the most recently used
        cache.put("c", rulesOf(1));
        assertNull(cache.get("b"));
        assertNotNull(cache.get("a"));
        assertEquals(2, cache.size());
    }

    @Test
    void bigRulesAreWeighedByTheirHeap() {
        RobotsRules big = rulesOf(5_000);
        RobotsRules small = rulesOf(2);
        assertTrue(big.approximateBytes() > 100 * small.approximateBytes(), big.approximateBytes() + " vs "
                + small.approximateBytes());
        long budget = 3 * big.approximateBytes();
        RobotsCache cache = new RobotsCache(1_000_000, budget);
        for (int i = 0; i < 50; i++) {
            cache.put("big" + i, big);
            assertTrue(cache.bytes() <= budget);
        }
        assertEquals(3, cache.size());
        cache.put("big49", small); // replacing an entry gives its weight back
        assertEquals(2 * big.approximateBytes() + small.approximateBytes(), cache.bytes());
    }
}
