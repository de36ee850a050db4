package dev.bulkfetch.crawl.robots;

/**
 * The set of characters in a string in {@link RobotsPath normal form}, which is printable ASCII only, as
 * 128 bits: lets a rule needing a character the target lacks be rejected without scanning the target.
 */
record RobotsCharSet(long low, long high) {

    static RobotsCharSet of(CharSequence s) {
        long low = 0;
        long high = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 64) {
                low |= 1L << c;
            } else if (c < 128) {
                high |= 1L << (c - 64);
            } // else: never in a normal form; left out on both sides, a rule then needs less, never more
        }
        return new RobotsCharSet(low, high);
    }

    /** Whether every character of {@code other} is in this set. */
    boolean containsAll(RobotsCharSet other) {
        return (other.low & ~low) == 0 && (other.high & ~high) == 0;
    }
}
