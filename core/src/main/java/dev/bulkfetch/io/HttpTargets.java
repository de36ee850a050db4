package dev.bulkfetch.io;

import dev.bulkfetch.http.HttpUrl;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Turns input lines into URLs to fetch, lazily, one target per line. Blank lines and {@code #}
 * comments are skipped and counted; every other line yields exactly one target, an INVALID_INPUT one
 * (with the reason from {@link HttpUrl#parse}) when it cannot be fetched, so each input line can be
 * matched to one output record.
 */
public final class HttpTargets implements Iterator<HttpTarget> {
    private final Iterator<InputLine> lines;
    private HttpTarget next;
    private long skippedLines;

    private HttpTargets(Iterator<InputLine> lines) {
        this.lines = lines;
    }

    /** Targets for the URLs in the given lines. */
    public static HttpTargets of(Iterator<InputLine> lines) {
        return new HttpTargets(lines);
    }

    /** Blank and comment lines passed over so far. */
    public long skippedLines() {
        return skippedLines;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public HttpTarget next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        HttpTarget out = next;
        next = null;
        return out;
    }

    private HttpTarget advance() {
        while (lines.hasNext()) {
            InputLine line = lines.next();
            if (line.problem() != null) {
                // checked before skipping: a cut or undecodable line is never silently dropped
                return HttpTarget.invalid(line.number(), line.text(), line.problem());
            }
            String text = line.text().strip();
            if (text.isEmpty() || text.startsWith("#")) {
                skippedLines++;
                continue;
            }
            try {
                return new HttpTarget(line.number(), text, HttpUrl.parse(text), null);
            } catch (IllegalArgumentException e) {
                return HttpTarget.invalid(line.number(), text, e.getMessage());
            }
        }
        return null;
    }
}
