package dev.bulkfetch.testbed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the requests for each (host, path), so the paths that fail their first N requests know which request
 * this is. At most {@link #DEFAULT_CAPACITY} pairs are remembered; beyond that the oldest pair is forgotten
 * (its count starts over), so a test that sends endless distinct paths costs bounded memory. Shared by every
 * event loop of a testbed, without locks.
 */
final class HttpTestbedAttempts {
    static final int DEFAULT_CAPACITY = 100_000;

    /**
     * A (host, path) pair by its digest: request targets run to kilobytes, and a fixed-size key keeps the
     * memory bound independent of what clients send. 128 bits make a collision beyond any test's reach.
     */
    private record Key(long high, long low) {
    }

    private final int capacity;
    private final ConcurrentHashMap<Key, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Queue<Key> insertionOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    HttpTestbedAttempts(int capacity) {
        this.capacity = capacity;
    }

    HttpTestbedAttempts() {
        this(DEFAULT_CAPACITY);
    }

    /** Counts one more request for {@code (host, path)} and returns its number: 1 for the first. */
    long next(String host, String path) {
        Key key = keyOf(host, path);
        AtomicLong count = counts.get(key);
        if (count == null) {
            AtomicLong fresh = new AtomicLong();
            count = counts.putIfAbsent(key, fresh);
            if (count == null) {
                count = fresh;
                remember(key);
            }
        }
        return count.incrementAndGet();
    }

    /** Pairs remembered right now. */
    int size() {
        return size.get();
    }

    private void remember(Key key) {
        insertionOrder.add(key);
        if (size.incrementAndGet() > capacity) {
            Key oldest = insertionOrder.poll();
            if (oldest != null) {
                counts.remove(oldest);
                size.decrementAndGet();
            }
        }
    }

    private static Key keyOf(String host, String path) {
        MessageDigest sha256 = HttpTestbedContent.sha256();
        sha256.update(host.getBytes(StandardCharsets.UTF_8));
        // A byte no host name holds keeps the two parts apart.
        sha256.update((byte) 0);
        sha256.update(path.getBytes(StandardCharsets.UTF_8));
        ByteBuffer digest = ByteBuffer.wrap(sha256.digest());
        return new Key(digest.getLong(), digest.getLong());
    }
}
