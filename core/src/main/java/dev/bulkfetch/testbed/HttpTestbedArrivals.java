package dev.bulkfetch.testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The arrival log of an HTTP testbed: the most recent {@code capacity} request heads in arrival order, the
 * number of older ones dropped to stay within it, and an optional listener told of each arrival. Shared by
 * every event loop of a testbed; recording takes no lock, so loops never wait on each other.
 */
final class HttpTestbedArrivals {
    private final int capacity;
    private final Consumer<HttpTestbedArrival> listener;
    private final Queue<HttpTestbedArrival> log = new ConcurrentLinkedQueue<>();
    // ConcurrentLinkedQueue.size() walks the whole queue; the count is kept beside it instead.
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private final long startEpochMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());

    /** @param listener called on the recording event loop for every arrival, or null */
    HttpTestbedArrivals(int capacity, Consumer<HttpTestbedArrival> listener) {
        this.capacity = capacity;
        this.listener = listener;
    }

    /** Records a request head decoded now. */
    void record(String host, String path, String localAddress, int remotePort) {
        long now = System.nanoTime();
        long epochMicros = startEpochMicros + TimeUnit.NANOSECONDS.toMicros(now - startNanos);
        HttpTestbedArrival arrival = new HttpTestbedArrival(epochMicros, now, host, path, localAddress, remotePort);
        if (capacity == 0) {
            // Benchmarks run the testbed with no log: no queue traffic shared between loops.
            dropped.incrementAndGet();
        } else {
            log.add(arrival);
            if (size.incrementAndGet() > capacity && log.poll() != null) {
                size.decrementAndGet();
                dropped.incrementAndGet();
            }
        }
        if (listener != null) {
            listener.accept(arrival);
        }
    }

    List<HttpTestbedArrival> snapshot() {
        return new ArrayList<>(log);
    }

    void clear() {
        while (log.poll() != null) {
            size.decrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }
}
