package dev.bulkfetch.io;

import dev.bulkfetch.http.HttpUrlCache;

import java.util.Iterator;

/**
 * Turns input lines into URLs to fetch, lazily, one target per line. Blank lines and {@code #}
 * comments are skipped and counted; every other line yields exactly one target, an INVALID_INPUT one
 * (with the reason from {@link HttpUrlCache#parse}) when it cannot be fetched, so each input line can be
 * matched to one output record.
 */
public final class HttpTargets extends LazyIterator<HttpTarget> implements TargetSource<HttpTarget> {
    private final TargetLines lines;
    private final HttpUrlCache urls = new HttpUrlCache();

    private HttpTargets(Iterator<InputLine> lines) {
        this.lines = new TargetLines(lines);
    }

    /** Targets for the URLs in the given lines. */
    public static HttpTargets of(Iterator<InputLine> lines) {
        return new HttpTargets(lines);
    }

    /** Blank and comment lines passed over so far. */
    @Override
    public long skippedLines() {
        return lines.skipped();
    }

    @Override
    protected HttpTarget advance() {
        InputLine line = lines.next();
        if (line == null) {
            return null;
        }
        if (line.problem() != null) {
            return HttpTarget.invalid(line.number(), line.text(), line.problem());
        }
        String text = line.text().strip();
        try {
            return new HttpTarget(line.number(), text, urls.parse(text), null);
        } catch (IllegalArgumentException e) {
            return HttpTarget.invalid(line.number(), text, e.getMessage());
        }
    }
}
