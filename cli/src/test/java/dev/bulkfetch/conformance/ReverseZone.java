package dev.bulkfetch.conformance;

import java.util.HashMap;
import java.util.Map;

/** The PTR records of a zone file as NSD serves it: fully qualified owner name to target. */
final class ReverseZone {
    private ReverseZone() {
    }

    /** Parses {@code $ORIGIN} and {@code OWNER [TTL] IN PTR TARGET} lines; the zone's PTRs by owner. */
    static Map<String, String> ptrs(String zoneFile) {
        Map<String, String> ptrs = new HashMap<>();
        String origin = null;
        for (String line : zoneFile.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("$ORIGIN")) {
                origin = f[1];
            } else if (f.length >= 4 && f[f.length - 2].equals("PTR")) {
                String owner = f[0].endsWith(".") ? f[0] : f[0] + "." + origin;
                ptrs.put(owner.toLowerCase(), f[f.length - 1]);
            }
        }
        return ptrs;
    }
}
