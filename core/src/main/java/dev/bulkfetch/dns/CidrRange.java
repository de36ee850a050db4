package dev.bulkfetch.dns;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An IPv4 or IPv6 prefix whose addresses are produced one at a time, so a /8 or a large IPv6
 * range never sits in memory.
 *
 * @param network the first address (host bits cleared)
 * @param prefix  the prefix length
 */
public record CidrRange(byte[] network, int prefix) implements Iterable<byte[]> {

    public CidrRange {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes");
        }
        int bits = network.length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits);
        }
        clearHostBits(network, prefix);
    }

    /**
     * Parses {@code 198.18.0.0/16} or {@code 2001:db8::/120}; host bits are cleared.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static CidrRange parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new IllegalArgumentException("not a CIDR range (expected ADDRESS/PREFIX): " + text);
        }
        byte[] address = IpLiteral.parse(text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address: " + text.substring(0, slash));
        }
        String p = text.substring(slash + 1);
        // ASCII digits only: Character.isDigit and parseInt would also read "٢٤" or "２４" as 24
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad prefix length '" + p + "' in " + text);
        }
        int prefix = Integer.parseInt(p);
        if (prefix > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefix + " is too long for " + text);
        }
        return new CidrRange(address, prefix);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** How many addresses the range holds. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(network.length * 8 - prefix);
    }

    public InetAddress networkAddress() {
        try {
            // an IPv6 range stays IPv6: InetAddress.getByAddress would turn ::ffff:a.b.c.d into IPv4,
            // and toString would then print an IPv4 address with a prefix only IPv6 can have
            return network.length == 16 ? Inet6Address.getByAddress(null, network, -1)
                    : InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private final byte[] next = network.clone();
            private final byte[] last = lastAddress();
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public byte[] next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                byte[] out = next.clone();
                if (java.util.Arrays.equals(next, last)) {
                    done = true;
                } else {
                    increment(next);
                }
                return out;
            }
        };
    }

    /**
     * The range cut into consecutive blocks of a longer prefix, one at a time (a /8 in /20 blocks is
     * 4,096 ranges, produced as they are asked for, so even an IPv6 /0 costs no memory); a range no
     * larger than a block is itself the one block.
     */
    public Iterator<CidrRange> blocks(int blockPrefix) {
        if (blockPrefix <= prefix) {
            return java.util.List.of(this).iterator();
        }
        if (blockPrefix > network.length * 8) {
            throw new IllegalArgumentException("block prefix must be at most " + network.length * 8);
        }
        return new Iterator<>() {
            private final byte[] next = network.clone();
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public CidrRange next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                CidrRange block = new CidrRange(next, blockPrefix);
                addAtBit(next, blockPrefix - 1);
                // past the last block the bits between the two prefixes have wrapped round to zero
                done = java.util.Arrays.equals(new CidrRange(next, prefix).network, next);
                return block;
            }
        };
    }

    /** How many blocks of blockPrefix {@link #blocks} gives. */
    public BigInteger blockCount(int blockPrefix) {
        return BigInteger.ONE.shiftLeft(Math.max(0, blockPrefix - prefix));
    }

    /** Adds one at a bit position (0 = the top bit), carrying towards the top. */
    private static void addAtBit(byte[] address, int bit) {
        int i = bit / 8;
        int sum = (address[i] & 0xFF) + (1 << (7 - bit % 8));
        address[i] = (byte) sum;
        for (i--; sum > 0xFF && i >= 0; i--) {
            sum = (address[i] & 0xFF) + 1;
            address[i] = (byte) sum;
        }
    }

    private byte[] lastAddress() {
        byte[] last = network.clone();
        for (int i = 0; i < last.length; i++) {
            int hostBits = Math.max(0, Math.min(8, (i + 1) * 8 - prefix));
            last[i] |= (byte) ((1 << hostBits) - 1);
        }
        return last;
    }

    @Override
    public String toString() {
        return networkAddress().getHostAddress() + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrRange c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    private static void increment(byte[] address) {
        for (int i = address.length - 1; i >= 0; i--) {
            if (++address[i] != 0) {
                return;
            }
        }
    }

    private static void clearHostBits(byte[] address, int prefix) {
        for (int i = 0; i < address.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            address[i] &= (byte) (0xFF << (8 - keep));
        }
    }
}
