package dev.bulkfetch.io;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator whose next element is computed on demand by {@link #advance()}, so inputs of any size
 * stream through in constant memory.
 *
 * @param <T> element type
 */
public abstract class LazyIterator<T> implements Iterator<T> {
    private T next;

    /** The next element, or null at the end. */
    protected abstract T advance();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T out = next;
        next = null;
        return out;
    }
}
