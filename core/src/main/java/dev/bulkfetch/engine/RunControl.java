package dev.bulkfetch.engine;

import java.time.Duration;

/**
 * Stops a run from outside (a signal handler, a test): the first {@link #cancel()} stops admitting,
 * lets targets in flight finish for the grace period, then ends the rest as CANCELLED while the
 * input is still read to its end, so every input keeps its one record; a second call also stops
 * reading the input (what was not read gets no record, and {@code --resume} picks it up).
 * Thread-safe; may be called before the run starts.
 */
public final class RunControl {
    private final Duration grace;
    private volatile boolean cancelled;
    private volatile boolean inputAbandoned;
    private volatile Runnable wake = () -> { };

    /** @param grace how long targets in flight may take to finish once cancelled */
    public RunControl(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        this.grace = grace;
    }

    /** A control nobody cancels. */
    public static RunControl none() {
        return new RunControl(Duration.ZERO);
    }

    /** First call: stop admitting and wind down. Second call: stop reading the input too. */
    public void cancel() {
        if (cancelled) {
            inputAbandoned = true;
        }
        cancelled = true;
        wake.run();
    }

    public boolean cancelled() {
        return cancelled;
    }

    public boolean inputAbandoned() {
        return inputAbandoned;
    }

    public Duration grace() {
        return grace;
    }

    /** The run's hook that carries a cancel onto its event loop. */
    void attach(Runnable wakeRun) {
        this.wake = wakeRun;
        if (cancelled) {
            wakeRun.run();
        }
    }
}
