package dev.bulkfetch.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IPv4 and IPv6 address literals without ever looking a name up: {@link InetAddress#getByName}
 * would block on the resolver for anything that is not a literal, so it is only called once the text
 * is known to be one.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /** The 4 or 16 address bytes, or null when the text is not a plain address literal. */
    public static byte[] parse(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        return parseV4(text);
    }

    private static byte[] parseV4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                // Leading zeros are refused: inet_aton reads them as octal, so they are ambiguous.
                if (digits == 1 && value == 0) {
                    return null;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String text) {
        if (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') {
            return null; // the JDK would treat such text as a host name and look it up
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F');
            if (!ok) {
                return null; // also refuses zone ids (%eth0) and brackets
            }
        }
        try {
            // Only hex digits, colons and dots remain: the JDK parses this as a literal, no lookup.
            byte[] bytes = InetAddress.getByName(text).getAddress();
            if (bytes.length == 4) {
                // an IPv4-mapped literal (::ffff:a.b.c.d) that the JDK folds to IPv4; keep it as v6
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
