package dev.bulkfetch.dns;

import java.nio.charset.StandardCharsets;

/**
 * A reusable builder for the presentation form of names and record data, which is printable ASCII
 * by construction (other bytes are written as {@code \DDD} escapes): bytes go in, one array copy
 * makes the String. A StringBuilder fed a char at a time was the top entry of a sweep's loop
 * profile; labels here are copied in one go.
 */
final class PresentationText {
    private byte[] bytes = new byte[256];
    private int length;

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    PresentationText append(char c) {
        room(1);
        bytes[length++] = (byte) c;
        return this;
    }

    PresentationText append(String ascii) {
        room(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    PresentationText append(long value) {
        if (value < 0) {
            return append(Long.toString(value));
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        room(digits);
        long v = value;
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
        return this;
    }

    /** Copies {@code n} bytes that are known to need no escaping. */
    PresentationText appendPrintable(byte[] src, int from, int n) {
        room(n);
        System.arraycopy(src, from, bytes, length, n);
        length += n;
        return this;
    }

    /** RFC 1035 {@code \DDD}: keeps an odd byte visible and unambiguous. */
    PresentationText appendDecimalEscape(int c) {
        room(4);
        bytes[length++] = '\\';
        bytes[length++] = (byte) ('0' + c / 100);
        bytes[length++] = (byte) ('0' + c / 10 % 10);
        bytes[length++] = (byte) ('0' + c % 10);
        return this;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** The text with ASCII letters in lower case, as owner names are compared. */
    String toLowerCaseString() {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b >= 'A' && b <= 'Z') {
                bytes[i] = (byte) (b + 32);
            }
        }
        return toString();
    }

    private void room(int n) {
        if (length + n > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(length + n, 2 * bytes.length));
        }
    }
}
