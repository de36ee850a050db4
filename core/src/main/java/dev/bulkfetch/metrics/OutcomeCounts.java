package dev.bulkfetch.metrics;

import java.util.Map;
import java.util.TreeMap;

/** Counts results by outcome label (an rcode, a status class, an error kind); one thread only. */
public final class OutcomeCounts {
    private final Map<String, long[]> counts = new TreeMap<>();
    private long total;
    private long errors;

    public void add(String label, boolean error) {
        counts.computeIfAbsent(label, k -> new long[1])[0]++;
        total++;
        if (error) {
            errors++;
        }
    }

    public long total() {
        return total;
    }

    public long errors() {
        return errors;
    }

    /** Label to count, sorted by label. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }
}
