package dev.bulkfetch.http;

import java.net.IDN;
import java.util.Locale;

/**
 * Validates the host name of a URL and converts it to what DNS and the Host header carry: lower-case ASCII,
 * IDN names in punycode, labels and name within the DNS limits. No name is looked up here.
 */
final class HostNames {
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private HostNames() {
    }

    /** The host name as sent. */
    static String ascii(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("URL has no host");
        }
        String name = text.toLowerCase(Locale.ROOT);
        if (!onlyHostChars(text)) {
            name = punycode(text).toLowerCase(Locale.ROOT);
        }
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (bare.isEmpty()) {
            throw new IllegalArgumentException("URL has no host");
        }
        if (bare.length() > MAX_NAME) {
            throw new IllegalArgumentException("host name longer than " + MAX_NAME + " characters");
        }
        checkLabels(bare);
        return name;
    }

    /** True for ASCII host characters only; an illegal ASCII character is refused, non-ASCII means IDN. */
    private static boolean onlyHostChars(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                ascii = false;
            } else if (!isHostChar(c)) {
                throw illegalHostChar(c, "");
            }
        }
        return ascii;
    }

    private static String punycode(String text) {
        String name;
        try {
            // IDN names go out as punycode (RFC 3492), the only form DNS and the Host header carry
            name = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("host is not a valid internationalized name: " + e.getMessage());
        }
        for (int i = 0; i < name.length(); i++) {
            // nameprep maps some characters to ASCII ones (fullwidth '／' to '/'): check again
            if (!isHostChar(name.charAt(i))) {
                throw illegalHostChar(name.charAt(i), " after IDN conversion");
            }
        }
        return name;
    }

    private static void checkLabels(String bare) {
        int start = 0;
        for (int i = 0; i <= bare.length(); i++) {
            if (i == bare.length() || bare.charAt(i) == '.') {
                if (i == start) {
                    throw new IllegalArgumentException("host name has an empty label");
                }
                if (i - start > MAX_LABEL) {
                    throw new IllegalArgumentException("host name has a label longer than " + MAX_LABEL + " characters");
                }
                start = i + 1;
            }
        }
    }

    private static IllegalArgumentException illegalHostChar(char c, String where) {
        if (c == ' ') {
            return new IllegalArgumentException("host holds a space" + where);
        }
        if (c == '%') {
            return new IllegalArgumentException("host holds '%'" + where + ": percent-encoded hosts are not supported");
        }
        return new IllegalArgumentException("host holds an illegal character '" + c + "'" + where);
    }

    /** Letters, digits, '-', '.', and '_' (not in host names, but real in service and CDN names). */
    private static boolean isHostChar(char c) {
        return UrlText.isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    }

    /** All digits, or 0x and hex digits: the forms an IPv4 parser could take for a number. */
    static boolean isNumericLabel(String label) {
        if (label.isEmpty()) {
            return false;
        }
        int from = label.length() > 1 && (label.startsWith("0x") || label.startsWith("0X")) ? 2 : 0;
        for (int i = from; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean digit = from == 2 ? PercentEncoding.isHexDigit(c) : c >= '0' && c <= '9';
            if (!digit) {
                return false;
            }
        }
        return true;
    }
}
