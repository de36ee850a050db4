package dev.bulkfetch.testbed;

/**
 * Name handling shared by the zone, the faults and the responder: the canonical form names are compared
 * in, suffix tests, and the strict decimal parsing that special labels and reverse names use.
 */
final class DnsTestbedNames {

    private DnsTestbedNames() {
    }

    /** Lower-cases ASCII letters and drops one trailing dot: the form every comparison uses. */
    static String canonical(String name) {
        int end = name.endsWith(".") ? name.length() - 1 : name.length();
        for (int i = 0; i < end; i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return lowerCase(name, end);
            }
        }
        return end == name.length() ? name : name.substring(0, end);
    }

    private static String lowerCase(String name, int end) {
        char[] chars = new char[end];
        for (int i = 0; i < end; i++) {
            char c = name.charAt(i);
            chars[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return new String(chars);
    }

    /** Whether canonical {@code name} is {@code apex} or a name below it (label-wise, not string-wise). */
    static boolean isAtOrBelow(String name, String apex) {
        if (!name.endsWith(apex)) {
            return false;
        }
        int cut = name.length() - apex.length();
        return cut == 0 || name.charAt(cut - 1) == '.';
    }

    /** The labels of canonical {@code name} below {@code apex}, "" at the apex itself. */
    static String below(String name, String apex) {
        int cut = name.length() - apex.length();
        return cut == 0 ? "" : name.substring(0, cut - 1);
    }

    /**
     * Parses a canonical decimal in {@code [0, max]} from {@code s[from, to)}: digits only, no sign, no
     * leading zero, so each value has exactly one spelling and distinct names never alias.
     *
     * @return the value, or -1 when the text is not such a number
     */
    static int parseDecimal(String s, int from, int to, int max) {
        int length = to - from;
        if (length < 1 || length > 9 || (length > 1 && s.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    /**
     * Whether the codec can write {@code name} back exactly as it was decoded. Netty decodes label bytes
     * as text and re-encodes them as ASCII split on dots, so a name with control bytes, non-ASCII bytes or
     * an empty label would come back altered (or make the encoder throw); such queries are treated as
     * malformed instead of answered with a question the client did not ask.
     */
    static boolean isEchoable(String name) {
        if (name.isEmpty()) {
            return false;
        }
        if (name.equals(".")) {
            return true;
        }
        char previous = '.';
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || (c == '.' && previous == '.')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /**
     * Why a lower-case {@code zone} without a trailing dot cannot be served, or null when it can: it must
     * be a host-style name (letters, digits, '-', '_'; labels of 1..63; at most 253 characters) that does
     * not collide with the reverse trees the testbed also answers for.
     */
    static String zoneProblem(String zone) {
        if (zone.isEmpty()) {
            return "it is empty (the root cannot be the forward zone)";
        }
        if (zone.length() > 253) {
            return "it is longer than 253 characters";
        }
        int labelStart = 0;
        for (int i = 0; i <= zone.length(); i++) {
            if (i == zone.length() || zone.charAt(i) == '.') {
                int length = i - labelStart;
                if (length < 1 || length > 63) {
                    return "label " + (length < 1 ? "is empty" : "is longer than 63 characters");
                }
                labelStart = i + 1;
                continue;
            }
            char c = zone.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return "character '" + c + "' is not allowed (letters, digits, '-', '_')";
            }
        }
        if (isAtOrBelow(zone, DnsTestbedZone.IN_ADDR_ARPA) || isAtOrBelow(zone, DnsTestbedZone.IP6_ARPA)
                || isAtOrBelow(DnsTestbedZone.IN_ADDR_ARPA, zone) || isAtOrBelow(DnsTestbedZone.IP6_ARPA, zone)) {
            return "it overlaps the reverse trees in-addr.arpa and ip6.arpa the testbed serves";
        }
        return null;
    }
}
