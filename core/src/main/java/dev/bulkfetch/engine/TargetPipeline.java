package dev.bulkfetch.engine;

import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.io.TargetSource;
import dev.bulkfetch.loop.TargetExecutor;
import io.netty.channel.EventLoop;
import org.jctools.queues.SpscArrayQueue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The path of a run's targets, from input lines to written results, in the order a target travels:
 * <ol>
 * <li>a reader thread parses the input into targets and hands them over a bounded queue;</li>
 * <li>the event loop admits them (global in-flight cap, rate, room for results) and starts each
 *     with the {@link TargetExecutor};</li>
 * <li>each result crosses a second bounded queue to a writer thread that feeds the sink.</li>
 * </ol>
 * The loop never touches a file and never waits: when the writer falls behind, admission pauses
 * until results drain; when the reader falls behind, the loop simply has less to do.
 *
 * @param <T> target type
 * @param <R> result type
 */
public final class TargetPipeline<T, R> {
    private static final int INPUT_QUEUE = 16 * 1024;
    private static final int WRITER_BATCH = 4096;
    /** Targets started per turn of the loop at most. */
    private static final int ADMIT_BATCH = 512;
    private static final long FULL_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long WRITER_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final EventLoop loop;
    private final RunLimits limits;
    private final TargetSource<T> source;
    private final TargetExecutor<T, R> executor;
    private final ResultSink<R> sink;
    private final Consumer<R> observer;
    private final Runnable tick;
    private final SpscArrayQueue<T> in = new SpscArrayQueue<>(INPUT_QUEUE);
    private final SpscArrayQueue<R> out;
    private final int outCapacity;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private boolean admitNextTurnScheduled;
    private final Runnable admitNextTurnTask = () -> {
        admitNextTurnScheduled = false;
        admit();
    };
    private final Runnable admitTask = () -> {
        wakePending.set(false);
        admit();
    };
    private final StartSchedule schedule;
    private final RunControl control;
    private final Runnable abort;

    // loop-confined
    private int inFlight;
    private boolean admitting;
    private boolean rateWakeScheduled;
    /** cancelled: no new starts while targets in flight have their grace period */
    private boolean stopping;
    /** the engines were closed: every target still to come ends at once as CANCELLED */
    private boolean aborted;

    private volatile long targetsRead = -1; // -1 until the reader has seen the end of the input
    private volatile boolean outputBlocked;
    /** the loop found the input queue empty: only then does the reader need to wake it */
    private volatile boolean starved = true;
    private volatile String fatal;

    /**
     * @param spec        targets, sink, limits and control of the run (its engines are the executor's)
     * @param observer    sees every result on the writer thread, after the sink (counters, progress)
     * @param tick        runs on the writer thread every 50 ms or so (progress, interval snapshots)
     * @param abort       on the loop, ends every target in flight at once as CANCELLED (closes the
     *                    engines, whose later starts then end the same way)
     */
    public TargetPipeline(EventLoop loop, RunSpec<?, T, R> spec, TargetExecutor<T, R> executor,
                          Consumer<R> observer, Runnable tick, Runnable abort) {
        this.loop = loop;
        this.limits = spec.limits();
        this.source = spec.targets();
        this.executor = executor;
        this.sink = spec.sink();
        this.observer = observer;
        this.tick = tick;
        this.outCapacity = limits.concurrency() + limits.resultBacklog();
        this.out = new SpscArrayQueue<>(outCapacity);
        this.schedule = new StartSchedule(limits.ratePerSecond());
        this.control = spec.control();
        this.abort = abort;
    }

    /** Runs to the last result and returns how it went; the calling thread becomes the writer. */
    public RunOutcome run() {
        long start = System.nanoTime();
        Thread reader = new Thread(this::readInput, "bulkfetch-reader");
        reader.setDaemon(true);
        reader.start();
        control.attach(this::wakeLoop);
        long written = writeResults();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long read = targetsRead;
        return new RunOutcome(Math.max(read, 0), written, Duration.ofNanos(System.nanoTime() - start), fatal,
                schedule.keeping());
    }

    /** Targets in the input, or -1 until the reader has reached its end. */
    public long targetsRead() {
        return targetsRead;
    }

    /** Starts more than {@link dev.bulkfetch.metrics.RateKeeping#LATE_MILLIS} behind a constant-rate schedule. */
    public long lateStarts() {
        return schedule.lateStarts();
    }

    /** Targets admitted and not finished (read from the loop; approximate elsewhere). */
    public int inFlight() {
        return inFlight;
    }

    private void readInput() {
        long n = 0;
        try {
            while (!control.inputAbandoned() && source.hasNext()) {
                T t = source.next();
                while (!in.offer(t)) {
                    // the loop is a whole queue behind: sleep until it has taken half, rather than waking
                    // (a context switch on a busy machine) for every slot it frees
                    while (in.size() > INPUT_QUEUE / 2) {
                        if (control.inputAbandoned()) {
                            // the target read last has no place to go: it is left to --resume like the unread rest
                            return;
                        }
                        LockSupport.parkNanos(FULL_PARK_NANOS);
                    }
                }
                n++;
                // while targets are in flight their completions keep admitting; waking the loop
                // (an eventfd write per wake) is only needed when it ran out of input
                if (starved) {
                    wakeLoop();
                }
            }
        } catch (RuntimeException e) {
            fatal = "cannot read input: " + e.getMessage();
        } finally {
            targetsRead = n;
            wakeLoop();
        }
    }

    private void wakeLoop() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                loop.execute(admitTask);
            } catch (RejectedExecutionException e) {
                // the loop is gone because the run is over (a cancel after the end): nothing is left to admit
            }
        }
    }

    /** On the loop: start as many queued targets as the limits allow. */
    private void admit() {
        if (admitting) {
            return; // a target finished synchronously inside start(); the loop below carries on
        }
        if (control.cancelled() && !aborted && !windDown()) {
            return;
        }
        admitting = true;
        try {
            long now = System.nanoTime();
            boolean blocked = false;
            int started = 0;
            while (true) {
                if (started == ADMIT_BATCH) {
                    admitNextTurn();
                    break;
                }
                if (inFlight >= limits.concurrency()) {
                    schedule.capped(now);
                    break;
                }
                if (inFlight + out.size() >= outCapacity) {
                    blocked = true;
                    break;
                }
                T t = in.peek();
                if (t == null) {
                    starved = true;
                    // the reader may have added one between the peek and the flag: look again
                    t = in.peek();
                    if (t == null) {
                        break;
                    }
                }
                if (starved) {
                    starved = false;
                }
                if (!aborted && !schedule.due(now)) {
                    scheduleRateWake(now);
                    break;
                }
                in.poll();
                inFlight++;
                started++;
                // once aborted, starts are not a schedule kept or missed: they end at once as CANCELLED
                executor.start(t, aborted ? 0 : schedule.start(), this::complete);
            }
            outputBlocked = blocked;
        } finally {
            admitting = false;
        }
    }

    /**
     * On the loop, once cancelled: no starts during the grace period; the engines are closed when the
     * last target in flight finishes or the grace runs out, whichever comes first.
     *
     * @return whether admission may go on (only once the engines are closed)
     */
    private boolean windDown() {
        if (!stopping) {
            stopping = true;
            executor.windDown();
            loop.schedule(this::abortNow, control.grace().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (inFlight == 0) {
            abortNow();
        }
        return aborted;
    }

    private void abortNow() {
        if (aborted) {
            return;
        }
        aborted = true;
        abort.run();
        admit();
    }

    /**
     * The rest of the queue after the loop has looked at its I/O: a full queue of starts at once would
     * hold back replies, connects and timers (a crawl's host delays). Not {@code execute}: Netty runs
     * the tasks that tasks queue in the same turn, for up to a second, before it polls I/O again; a
     * scheduled task waits for the next turn.
     */
    private void admitNextTurn() {
        if (!admitNextTurnScheduled) {
            admitNextTurnScheduled = true;
            loop.schedule(admitNextTurnTask, 0, TimeUnit.NANOSECONDS);
        }
    }

    private void scheduleRateWake(long now) {
        if (!rateWakeScheduled) {
            rateWakeScheduled = true;
            loop.schedule(() -> {
                rateWakeScheduled = false;
                admit();
            }, Math.max(20_000, schedule.nanosUntilDue(now)), TimeUnit.NANOSECONDS);
        }
    }

    private void complete(R result) {
        inFlight--;
        // cannot fail: admission keeps inFlight + queued results within the queue's capacity
        out.offer(result);
        admit();
    }

    private long writeResults() {
        long written = 0;
        long nextTick = System.nanoTime() + TICK_NANOS;
        boolean dirty = false;
        long[] count = new long[1];
        while (true) {
            count[0] = 0;
            int n = out.drain(r -> {
                count[0]++;
                if (fatal == null) {
                    try {
                        sink.write(r);
                    } catch (IOException e) {
                        fatal = "cannot write output: " + e.getMessage();
                    }
                }
                observer.accept(r);
            }, WRITER_BATCH);
            written += count[0];
            if (n > 0) {
                dirty = true;
                if (outputBlocked) {
                    wakeLoop();
                }
            }
            long now = System.nanoTime();
            if (now - nextTick >= 0) {
                nextTick = now + TICK_NANOS;
                tick.run();
            }
            if (n == 0) {
                long read = targetsRead;
                if (read >= 0 && written >= read) {
                    break;
                }
                if (dirty) {
                    dirty = false;
                    flushSink();
                }
                LockSupport.parkNanos(WRITER_PARK_NANOS);
            }
        }
        flushSink();
        return written;
    }

    private void flushSink() {
        if (fatal != null) {
            return;
        }
        try {
            sink.flush();
        } catch (IOException e) {
            fatal = "cannot write output: " + e.getMessage();
        }
    }
}
