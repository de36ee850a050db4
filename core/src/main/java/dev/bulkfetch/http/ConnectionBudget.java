package dev.bulkfetch.http;

import io.netty.channel.EventLoop;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;

/**
 * How many connections the engine may have open at once, across all origins: no limit until the operating
 * system refuses a socket for want of a file descriptor (EMFILE, ENFILE), then a little below the number open
 * at that moment. A connect refused that way does not fail its fetch: the pool that asked waits here and opens
 * when a connection anywhere closes, so {@code ulimit -n 256} with {@code -c 2000} makes a slower run, not
 * thousands of failed targets.
 *
 * <p>The cap only comes down. The descriptors the run's own connections free come back to it; probing above
 * the cap would fail connects again, and those fetches would have to wait anyway. Runs on the engine's loop.
 *
 * @see HostPool
 */
final class ConnectionBudget {
    /** Waits for room; {@link #budgetFreed()} runs on the loop when a connection may be opened. */
    interface Waiter {
        void budgetFreed();
    }

    /** With nothing open, no close will come to wake the waiters: they try again after this long. */
    static final long RETRY_MILLIS = 50;

    private final EventLoop loop;
    private final PrintStream notices;
    private final LinkedHashSet<Waiter> waiting = new LinkedHashSet<>();
    private int open;
    private int cap = Integer.MAX_VALUE;
    private boolean reported;
    private boolean retryScheduled;

    /** @param notices where the one line saying the cap came down goes (standard error in a run) */
    ConnectionBudget(EventLoop loop, PrintStream notices) {
        this.loop = loop;
        this.notices = notices;
    }

    /**
     * Takes room for one connection, or queues {@code waiter} (once) to be called back when there is some.
     *
     * @return true when the connection may be opened now
     */
    boolean tryOpen(Waiter waiter) {
        if (open < cap) {
            open++;
            return true;
        }
        waiting.add(waiter);
        return false;
    }

    /** Queues {@code waiter} (once) for the next room, without taking any now. */
    void await(Waiter waiter) {
        waiting.add(waiter);
    }

    /** A connection taken with {@link #tryOpen} has closed (or failed to connect for another reason). */
    void closed() {
        open--;
        wake();
    }

    /**
     * A connect taken with {@link #tryOpen} found no file descriptor: it holds none, and the cap comes down
     * below what is open now, leaving room for what else the process opens (DNS over TCP, files, the JVM).
     */
    void outOfDescriptors(Waiter waiter, String reason) {
        open--;
        cap = Math.max(1, Math.min(cap, open - Math.max(1, open / 8)));
        waiting.add(waiter);
        if (!reported) {
            reported = true;
            // Said once, so a user who sees a slow run learns why. No count: when the first refusal is seen,
            // connects started in the same burst are still to report theirs, and the cap is still coming down.
            notices.println("bulkfetch: " + reason + " opening connections: fetches wait for open ones to close"
                    + " instead of failing (raise `ulimit -n` for a faster run)");
        }
        if (open == 0 && !retryScheduled) {
            retryScheduled = true;
            loop.schedule(() -> {
                retryScheduled = false;
                wake();
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The most connections allowed at once: {@link Integer#MAX_VALUE} until descriptors ran out. */
    int cap() {
        return cap;
    }

    int open() {
        return open;
    }

    private void wake() {
        Iterator<Waiter> it = waiting.iterator();
        while (open < cap && it.hasNext()) {
            Waiter w = it.next();
            it.remove();
            w.budgetFreed();
            it = waiting.iterator(); // the callback may have queued waiters again
        }
    }
}
