package dev.bulkfetch.io;

import java.util.Iterator;
import java.util.List;

/**
 * Where a run's targets come from, in input order: the lines of files and standard input today,
 * messages of a Kafka topic for a worker. Read by the run's reader thread only, never by the event
 * loop, so a source may block on a file or a network read.
 *
 * @param <T> the target type
 */
public interface TargetSource<T> extends Iterator<T> {

    /** Input passed over without a target (blank lines, comments), for the summary. */
    long skippedLines();

    /** The given targets, with nothing passed over: for tests and programs that build targets themselves. */
    static <T> TargetSource<T> of(Iterator<T> targets) {
        return new TargetSource<>() {
            @Override
            public long skippedLines() {
                return 0;
            }

            @Override
            public boolean hasNext() {
                return targets.hasNext();
            }

            @Override
            public T next() {
                return targets.next();
            }
        };
    }

    /** A fixed list of targets. */
    static <T> TargetSource<T> of(List<T> targets) {
        return of(targets.iterator());
    }
}
