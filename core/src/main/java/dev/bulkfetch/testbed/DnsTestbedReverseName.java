package dev.bulkfetch.testbed;

/**
 * The labels of a reverse name below {@code in-addr.arpa} or {@code ip6.arpa}, read as an address.
 *
 * <p>A full name (4 decimal labels, or 32 single hex nibbles) names one address and gets a PTR. A shorter
 * name made of valid labels is an empty non-terminal on the way to addresses: it exists, without records.
 * Anything else (a label that is no octet or nibble, too many labels) names nothing.
 *
 * @param shape how the labels read
 * @param address the address in network order when {@code shape} is {@link Shape#FULL}, else null
 */
record DnsTestbedReverseName(Shape shape, byte[] address) {

    /** How the labels of a reverse name read. */
    enum Shape {
        /** Every label of an address: the name has a PTR. */
        FULL,
        /** Fewer labels than an address, all valid: NODATA. */
        PARTIAL,
        /** A label that is no octet/nibble, or too many labels: NXDOMAIN. */
        INVALID
    }

    private static final DnsTestbedReverseName PARTIAL = new DnsTestbedReverseName(Shape.PARTIAL, null);
    private static final DnsTestbedReverseName INVALID = new DnsTestbedReverseName(Shape.INVALID, null);

    /** Reads {@code labels} ("d.c.b.a", canonical, "" for the apex) below {@code in-addr.arpa}. */
    static DnsTestbedReverseName ipv4(String labels) {
        if (labels.isEmpty()) {
            return PARTIAL;
        }
        byte[] address = new byte[4];
        int count = 0;
        int start = 0;
        for (int i = 0; i <= labels.length(); i++) {
            if (i < labels.length() && labels.charAt(i) != '.') {
                continue;
            }
            int octet = DnsTestbedNames.parseDecimal(labels, start, i, 255);
            if (octet < 0 || count == 4) {
                return INVALID;
            }
            // The leftmost label is the last octet: reverse names count from the host end.
            address[3 - count] = (byte) octet;
            count++;
            start = i + 1;
        }
        return count == 4 ? new DnsTestbedReverseName(Shape.FULL, address) : PARTIAL;
    }

    /** Reads {@code labels} ("n.n.....n", canonical, "" for the apex) below {@code ip6.arpa}. */
    static DnsTestbedReverseName ipv6(String labels) {
        if (labels.isEmpty()) {
            return PARTIAL;
        }
        // Every label is one nibble and a dot, so the length alone tells the label count.
        if ((labels.length() + 1) % 2 != 0 || (labels.length() + 1) / 2 > 32) {
            return INVALID;
        }
        int count = (labels.length() + 1) / 2;
        byte[] address = new byte[16];
        for (int i = 0; i < count; i++) {
            int nibble = hexDigit(labels.charAt(2 * i));
            boolean separated = 2 * i + 1 == labels.length() || labels.charAt(2 * i + 1) == '.';
            if (nibble < 0 || !separated) {
                return INVALID;
            }
            int position = 31 - i; // nibble 0 is the most significant one
            address[position / 2] |= (byte) (position % 2 == 0 ? nibble << 4 : nibble);
        }
        return count == 32 ? new DnsTestbedReverseName(Shape.FULL, address) : PARTIAL;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
