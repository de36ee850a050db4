package dev.bulkfetch.io.kafka;

import dev.bulkfetch.http.HttpUrl;
import dev.bulkfetch.http.HttpUrlCache;

import java.nio.charset.StandardCharsets;

/**
 * The message key of a line, which is what Kafka's partitioner hashes. A URL's key is its origin
 * ({@code scheme://host[:port]}, as the connection pool keys hosts), so every URL of a host lands in one
 * partition and is fetched by one worker at a time: per-host limits, delays and robots.txt then hold
 * across the cluster. Anything else, a URL that does not parse included, is keyed by a 64-bit hash of
 * its text, which spreads lines evenly and keeps keys small. Not thread-safe (one parser per submit).
 */
final class MessageKeys {
    private final SubmitKind kind;
    private final HttpUrlCache urls = new HttpUrlCache();

    MessageKeys(SubmitKind kind) {
        this.kind = kind;
    }

    byte[] of(String text) {
        if (kind == SubmitKind.HTTP) {
            try {
                HttpUrl url = urls.parse(text.strip());
                return url.origin().getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // not a URL: the worker records it as INVALID_INPUT; any partition will do
            }
        }
        return hash(text);
    }

    /** FNV-1a over the UTF-16 units, 8 bytes big-endian: cheap, stable across JVMs and runs. */
    static byte[] hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) h;
            h >>>= 8;
        }
        return out;
    }
}
