package dev.bulkfetch.io;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a command-line argument reads as a file name rather than a target, so that a mistyped or
 * missing input file is reported as one ({@code no such file}) instead of becoming a target: in
 * {@code http}, {@code urls.txt} is a valid bare host name and would be looked up in the DNS.
 *
 * <p>File-like: {@code .}, {@code ..}, or a start of {@code /}, {@code ./}, {@code ../} or {@code ~}; a name
 * ending in an extension of list files ({@code .txt}, {@code .csv}, ...; none of them is a top-level
 * domain); or a directory part without a dot or colon ({@code data/ips}). Not file-like: URLs
 * ({@code ://}), CIDR ranges ({@code 198.18.0.0/16}, {@code 2001:db8::/32}, {@code 10/8}), bare-host URLs
 * ({@code example.com/x}) and reverse names, whose RFC 2317 forms hold a slash ({@code 0/26.2.0.192.in-addr.arpa}).
 */
final class FileNameShape {
    /** Extensions of files that hold lists of targets; none is a top-level domain. */
    private static final Set<String> LIST_EXTENSIONS = Set.of("txt", "text", "csv", "tsv", "lst", "list", "json",
            "jsonl", "ndjson", "dat");

    private FileNameShape() {
    }

    static boolean looksLikeFileName(String arg) {
        String lower = arg.toLowerCase(Locale.ROOT);
        if (lower.contains("://") || lower.endsWith(".arpa") || lower.endsWith(".arpa.")) {
            return false;
        }
        if (arg.equals(".") || arg.equals("..") || arg.startsWith("/") || arg.startsWith("./")
                || arg.startsWith("../") || arg.startsWith("~")) {
            return true;
        }
        int dot = lower.lastIndexOf('.');
        if (dot >= 0 && dot > lower.lastIndexOf('/') && LIST_EXTENSIONS.contains(lower.substring(dot + 1))) {
            return true;
        }
        int slash = arg.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String head = arg.substring(0, slash);
        // a host (example.com/x), an address of a CIDR range (198.18.0.0/16, ::1/128) or a short v4 one (10/8)
        return head.indexOf('.') < 0 && head.indexOf(':') < 0 && !head.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
