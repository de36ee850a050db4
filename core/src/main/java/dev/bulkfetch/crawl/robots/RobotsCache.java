package dev.bulkfetch.crawl.robots;


import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The robots.txt rules of hosts the crawl has seen, least recently used dropped first, so that a crawl
 * over millions of hosts holds a bounded number of them and a bounded heap (rules are weighed by
 * {@link RobotsRules#approximateBytes()}: a few hostile 500 KiB files cannot crowd out memory). A host
 * dropped here is asked again if it comes back, which RFC 9309 allows (its cache may be refreshed at any
 * time). Loop-confined.
 */
public final class RobotsCache {
    private final LinkedHashMap<String, RobotsRules> byOrigin = new LinkedHashMap<>(16, 0.75f, true);
    private final int maxHosts;
    private final long maxBytes;
    private long bytes;

    public RobotsCache(int maxHosts, long maxBytes) {
        this.maxHosts = maxHosts;
        this.maxBytes = maxBytes;
    }

    public RobotsRules get(String origin) {
        return byOrigin.get(origin);
    }

    public void put(String origin, RobotsRules rules) {
        RobotsRules old = byOrigin.put(origin, rules);
        if (old != null) {
            bytes -= old.approximateBytes();
        }
        bytes += rules.approximateBytes();
        Iterator<Map.Entry<String, RobotsRules>> eldest = byOrigin.entrySet().iterator();
        while ((byOrigin.size() > maxHosts || bytes > maxBytes) && eldest.hasNext()) {
            bytes -= eldest.next().getValue().approximateBytes();
            eldest.remove();
        }
    }

    public int size() {
        return byOrigin.size();
    }

    public long bytes() {
        return bytes;
    }
}
