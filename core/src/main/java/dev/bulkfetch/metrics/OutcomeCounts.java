package dev.bulkfetch.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts results by outcome label (an rcode, a status class, an error kind); one thread only. */
public final class OutcomeCounts {
    // hashed while counting (labels are a handful of constant strings, counted once per result);
    // sorted only when read
    private final Map<String, long[]> answers = new HashMap<>();
    private final Map<String, long[]> failures = new HashMap<>();
    private long total;
    private long errors;

    public void add(String label, boolean error) {
        (error ? failures : answers).computeIfAbsent(label, k -> new long[1])[0]++;
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

    /** Every label to its count, sorted by label. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = successes();
        out.putAll(errorKinds());
        return out;
    }

    /** Results without error by label (a status class, an rcode), sorted. */
    public Map<String, Long> successes() {
        return copy(answers);
    }

    /** Results with an error by kind, sorted. */
    public Map<String, Long> errorKinds() {
        return copy(failures);
    }

    private static Map<String, Long> copy(Map<String, long[]> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }
}
