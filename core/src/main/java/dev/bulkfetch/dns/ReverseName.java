package dev.bulkfetch.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Builds the {@code in-addr.arpa} / {@code ip6.arpa} name of an address (RFC 1035, RFC 3596), fully
 * qualified: with the trailing dot, the form results print and answers are matched in, a sweep
 * needs no second copy of each name.
 */
public final class ReverseName {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ReverseName() {
    }

    public static String of(InetAddress address) {
        return of(address.getAddress());
    }

    /** @param address 4 or 16 address bytes */
    public static String of(byte[] address) {
        StringBuilder sb = new StringBuilder(address.length == 4 ? 30 : 74);
        if (address.length == 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(address[i] & 0xFF).append('.');
            }
            return sb.append("in-addr.arpa.").toString();
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes");
        }
        for (int i = 15; i >= 0; i--) {
            int b = address[i] & 0xFF;
            sb.append(HEX[b & 0xF]).append('.').append(HEX[b >>> 4]).append('.');
        }
        return sb.append("ip6.arpa.").toString();
    }

    /** True when the name is under in-addr.arpa or ip6.arpa (with or without the trailing dot). */
    public static boolean isReverseName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.endsWith(".in-addr.arpa") || n.endsWith(".ip6.arpa");
    }

    /** True for an IPv4 address. */
    public static boolean isV4(InetAddress address) {
        return address instanceof Inet4Address;
    }
}
