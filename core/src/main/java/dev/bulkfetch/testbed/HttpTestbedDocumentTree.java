package dev.bulkfetch.testbed;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files the nginx testbed serves (docker/testbed, load-tests/http), by name: the same bytes as the
 * embedded HTTP testbed where it has a path for them ({@code pattern-N.bin} and {@code empty.bin} are
 * {@link HttpTestbedContent#body(int) body(N)} and {@code body(0)}, what {@code /bytes/N} serves), so that a
 * hash taken from either server means the same thing. {@code noise-64k.bin} is the one body gzip cannot
 * shrink; the two text files give the index and a short text type.
 */
public final class HttpTestbedDocumentTree {
    /** The byte lengths of the {@code pattern-*.bin} files, by the suffix of their names. */
    private static final Map<String, Integer> PATTERN_SIZES = Map.of("1k", 1024, "100k", 100 * 1024, "1m", 1024 * 1024);
    private static final int NOISE_SIZE = 64 * 1024;

    private HttpTestbedDocumentTree() {
    }

    /** Every file, name to bytes, in name order (the order {@code ls} lists them in). */
    public static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty.bin", new byte[0]);
        files.put("hello.txt", ascii("hello from the bulkfetch testbed\n"));
        files.put("index.html", ascii("<!doctype html>\n<title>bulkfetch testbed</title>\n"
                + "<p>nginx, gzip on, chunked responses.</p>\n"));
        files.put("noise-64k.bin", noise(NOISE_SIZE));
        for (String size : new String[] {"100k", "1k", "1m"}) {
            files.put(patternName(size), HttpTestbedContent.body(PATTERN_SIZES.get(size)));
        }
        return Collections.unmodifiableMap(files);
    }

    /**
     * The path of the embedded testbed that serves the same bytes as the file {@code name}, or null when it has
     * none (the text files and the noise).
     */
    public static String embeddedPath(String name) {
        if (name.equals("empty.bin")) {
            return "/bytes/0";
        }
        for (Map.Entry<String, Integer> size : PATTERN_SIZES.entrySet()) {
            if (name.equals(patternName(size.getKey()))) {
                return "/bytes/" + size.getValue();
            }
        }
        return null;
    }

    private static String patternName(String size) {
        return "pattern-" + size + ".bin";
    }

    /**
     * Pseudo-random bytes from a fixed linear congruential generator (the constants of the C standard's
     * example rand): every byte value occurs, and the same bytes come out on every machine.
     */
    static byte[] noise(int n) {
        byte[] bytes = new byte[n];
        long x = 1;
        for (int i = 0; i < n; i++) {
            x = (x * 1103515245L + 12345L) % 2147483648L;
            bytes[i] = (byte) (x >> 16);
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
