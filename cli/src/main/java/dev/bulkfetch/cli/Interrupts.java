package dev.bulkfetch.cli;

import dev.bulkfetch.engine.RunControl;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.util.Locale;

/**
 * SIGINT and SIGTERM during a run: the first stops admitting and lets work in flight finish within
 * the grace period, the second also stops reading the input. The run then ends normally (every sink
 * flushed) and the command exits 130 or 143, as a shell expects of an interrupted program. The JVM's
 * own handlers, which would exit at once, are put back when the run is over.
 */
final class Interrupts implements AutoCloseable {
    private final SignalHandler previousInt;
    private final SignalHandler previousTerm;
    /** A second signal this soon after the first is taken for an echo of it, not a second request. */
    private static final long ECHO_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private volatile int signal;
    private volatile long firstAt;

    private Interrupts(RunControl control, PrintStream err) {
        SignalHandler handler = s -> {
            boolean first = signal == 0;
            long now = System.nanoTime();
            if (!first && now - firstAt < ECHO_NANOS) {
                // the same stop delivered twice (timeout(1) signals the child and its process group)
                return;
            }
            if (first) {
                firstAt = now;
            }
            signal = s.getNumber();
            err.println(first ? String.format(Locale.ROOT, "%nbulkfetch: SIG%s: no new targets; work in flight has %d ms"
                    + " to finish, the rest is recorded as CANCELLED (again, a second or more later, to stop reading the input)", s.getName(),
                    control.grace().toMillis())
                    : "\nbulkfetch: stopping: input no longer read; --resume runs the rest");
            control.cancel();
        };
        previousInt = take("INT", handler);
        previousTerm = take("TERM", handler);
    }

    /** The previous handler, or null where the JVM keeps the signal to itself (-Xrs): the run then just ends. */
    private static SignalHandler take(String name, SignalHandler handler) {
        try {
            return Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Catches SIGINT and SIGTERM for this run. */
    static Interrupts install(RunControl control, PrintStream err) {
        return new Interrupts(control, err);
    }

    /** 128 + the signal that interrupted the run, or {@code normal} when none did. */
    int exitCode(int normal) {
        return signal == 0 ? normal : 128 + signal;
    }

    @Override
    public void close() {
        if (previousInt != null) {
            Signal.handle(new Signal("INT"), previousInt);
        }
        if (previousTerm != null) {
            Signal.handle(new Signal("TERM"), previousTerm);
        }
    }
}
