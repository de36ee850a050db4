package dev.bulkfetch.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the URLs of one input stream like {@link HttpUrl#parse}, remembering the host part of the
 * last {@value #RECENT} authorities: a list holds many URLs per host, and a URL whose
 * {@code scheme://authority} was seen lately skips host validation and shares that URL's host,
 * Host header and origin strings, whose hashes the event loop's pool and resolver maps then compute
 * once. Not thread-safe: one per reader.
 */
public final class HttpUrlCache {
    static final int RECENT = 1024;

    private final Map<String, HttpUrl> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HttpUrl> eldest) {
            return size() > RECENT;
        }
    };

    /** @throws IllegalArgumentException as {@link HttpUrl#parse} does */
    public HttpUrl parse(String text) {
        return HttpUrlParser.parse(text, recent);
    }
}
