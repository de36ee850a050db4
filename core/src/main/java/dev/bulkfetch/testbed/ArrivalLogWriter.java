package dev.bulkfetch.testbed;

import org.jctools.queues.MpscArrayQueue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * {@code bulkfetch testbed --arrival-log FILE}: appends one line per HTTP request arrival,
 * {@code epochMicros host path}, from a daemon thread. The testbed's event loops only put arrivals into a
 * bounded lock-free queue (an arrival that finds it full is counted and dropped, never waited for); the
 * thread writes them and flushes whenever it has caught up, and at least every {@value #FLUSH_MILLIS} ms
 * while arrivals keep coming. {@link #close()} writes what is queued and flushes, so a stop by signal loses
 * nothing the testbed logged before it closed.
 */
public final class ArrivalLogWriter implements Consumer<HttpTestbedArrival>, AutoCloseable {
    private static final int QUEUE_CAPACITY = 1 << 16;
    private static final long FLUSH_MILLIS = 200;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    private final Path file;
    private final Writer out;
    private final MpscArrayQueue<HttpTestbedArrival> queue = new MpscArrayQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final StringBuilder line = new StringBuilder(256);
    private final Thread thread;
    private volatile boolean closing;
    private volatile IOException failure;
    private boolean closed;

    private ArrivalLogWriter(Path file, Writer out) {
        this.file = file;
        this.out = out;
        this.thread = new Thread(this::run, "testbed-arrival-log");
        thread.setDaemon(true);
    }

    /** Opens {@code file} for appending (creating it) and starts the writer thread. */
    public static ArrivalLogWriter open(Path file) throws IOException {
        Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        ArrivalLogWriter writer = new ArrivalLogWriter(file, out);
        writer.thread.start();
        return writer;
    }

    /** Called on a testbed event loop: queues the arrival and returns at once. */
    @Override
    public void accept(HttpTestbedArrival arrival) {
        if (!queue.offer(arrival)) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Writes what is queued, flushes and closes the file; returns a line for the user when arrivals were
     * dropped or could not be written, else null. Calling it again does nothing.
     */
    public synchronized String closeAndReport() {
        if (closed) {
            return null;
        }
        closed = true;
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            return "--arrival-log: writing " + file + " failed: " + failure.getMessage();
        }
        long lost = dropped.get();
        return lost == 0 ? null : "--arrival-log: " + lost + " arrivals dropped (the writer fell behind)";
    }

    @Override
    public void close() {
        String report = closeAndReport();
        if (report != null) {
            System.err.println("bulkfetch: " + report);
        }
    }

    private void run() {
        long flushedAt = System.nanoTime();
        boolean unflushed = false;
        try {
            while (true) {
                // Read before draining: whatever was queued before close() began is then written.
                boolean last = closing;
                HttpTestbedArrival arrival = queue.poll();
                if (arrival != null) {
                    write(arrival);
                    unflushed = true;
                    if (System.nanoTime() - flushedAt >= TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS)) {
                        out.flush();
                        unflushed = false;
                        flushedAt = System.nanoTime();
                    }
                    continue;
                }
                if (unflushed) {
                    out.flush();
                    unflushed = false;
                    flushedAt = System.nanoTime();
                }
                if (last) {
                    return;
                }
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
        } catch (IOException e) {
            failure = e;
            // Nothing more can be written; arrivals still offered are simply never read.
        }
    }

    private void write(HttpTestbedArrival arrival) throws IOException {
        line.setLength(0);
        line.append(arrival.epochMicros()).append(' ');
        appendEscaped(arrival.host());
        line.append(' ');
        appendEscaped(arrival.path());
        out.append(line.append('\n'));
    }

    /**
     * Spaces, controls and non-ASCII as %XX, so that every line splits into exactly three fields; a '%' stays
     * as it is, since request targets carry their own percent-encoding and never a raw space.
     */
    private void appendEscaped(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                appendPercent(c);
            } else {
                line.append(c);
            }
        }
    }

    private void appendPercent(char c) {
        if (c > 0xff) {
            // Netty decodes the request line and headers as ISO-8859-1, so this cannot happen; keep it one field.
            line.append("%3F");
            return;
        }
        line.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
    }
}
