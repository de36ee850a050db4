package dev.bulkfetch.io;

import java.util.Iterator;

/**
 * The lines of an input that name targets: blank lines and {@code #} comments are passed over and
 * counted; a line with a problem (cut, not UTF-8) is always handed on, so it is never dropped silently.
 */
public final class TargetLines {
    private final Iterator<InputLine> lines;
    private long skipped;

    public TargetLines(Iterator<InputLine> lines) {
        this.lines = lines;
    }

    /** The next line to make a target of, or null at the end. */
    public InputLine next() {
        while (lines.hasNext()) {
            InputLine line = lines.next();
            if (line.problem() != null) {
                return line;
            }
            String text = line.text().strip();
            if (text.isEmpty() || text.startsWith("#")) {
                skipped++;
                continue;
            }
            return line;
        }
        return null;
    }

    public long skipped() {
        return skipped;
    }
}
