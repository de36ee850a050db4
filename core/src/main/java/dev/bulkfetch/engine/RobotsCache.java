package dev.bulkfetch.engine;

import dev.bulkfetch.http.RobotsRules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The robots.txt rules of hosts the crawl has seen, least recently used dropped first, so that a crawl
 * over millions of hosts holds a bounded number of them. A host dropped here is asked again if it comes
 * back, which RFC 9309 allows (its cache may be refreshed at any time). Loop-confined.
 */
final class RobotsCache {
    private final LinkedHashMap<String, RobotsRules> byOrigin;

    RobotsCache(int maxHosts) {
        this.byOrigin = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RobotsRules> eldest) {
                return size() > maxHosts;
            }
        };
    }

    RobotsRules get(String origin) {
        return byOrigin.get(origin);
    }

    void put(String origin, RobotsRules rules) {
        byOrigin.put(origin, rules);
    }

    int size() {
        return byOrigin.size();
    }
}
