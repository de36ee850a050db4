package dev.bulkfetch.io.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A worker's books between the input topic and the output topic: which messages of which partition
 * are being worked on, how many records each is owed, and the records that are done but not yet
 * published. It is the reorder buffer that makes exactly-once possible: records leave only as whole
 * messages, and only in input-offset order per partition, so the offset committed with them never
 * passes a message whose records are not in the same or an earlier transaction.
 *
 * <p>Each message is known by a run-wide number (its targets' "line"), because the run keys results by
 * line. A partition taken away by a rebalance gets a new epoch: messages polled under the old epoch are
 * not registered, and records that arrive for its dropped messages are ignored; its next owner redoes
 * them from the committed offset.
 *
 * <p>Shared by the feeder (rebalances), the reader (registration), the writer (records) and the
 * publisher (transactions); every method holds the ledger's lock briefly. A commit holds the ledger's
 * tenure instead (see {@link #commitIfHeld}), which only the feeder's changes of ownership wait for.
 */
final class WorkLedger {
    /**
     * The records of one partition's complete messages, in offset order, the offset to commit after them,
     * and the epoch of the partition they were taken under.
     */
    record Ready(int partition, int epoch, long nextOffset, List<Done> records) {
    }

    /** One record to publish: its message's key, its bytes, and where its message was read. */
    record Done(byte[] key, byte[] value, int partition, long offset) {
    }

    /** Where a message was read: what its records name as their origin. */
    record Origin(long sourceLine, int partition, long offset) {
    }

    private static final class Message {
        final Partition partition;
        final long line;
        final long offset;
        final byte[] key;
        final Origin origin;
        final List<byte[]> records = new ArrayList<>(1);
        int expected;
        boolean sealed;

        Message(Partition partition, long line, long offset, byte[] key, long sourceLine) {
            this.partition = partition;
            this.line = line;
            this.offset = offset;
            this.key = key;
            this.origin = new Origin(sourceLine, partition.id, offset);
        }

        boolean complete() {
            return sealed && records.size() == expected;
        }
    }

    private static final class Partition {
        final int id;
        final int epoch;
        final ArrayDeque<Message> messages = new ArrayDeque<>();
        /** being taken away: nothing more is registered, what is complete may still be published */
        boolean closed;

        Partition(int id, int epoch) {
            this.id = id;
            this.epoch = epoch;
        }
    }

    private final long maxBuffered;
    private final Map<Integer, Partition> partitions = new HashMap<>();
    private final Map<Integer, Integer> epochs = new HashMap<>();
    private final Map<Long, Message> byLine = new HashMap<>();
    private long nextLine = 1;
    private long buffered;
    /** how long the reader waited for room in all: a message that is slow to finish holds back the ones after it */
    private long fullNanos;
    /**
     * Held while a transaction commits, and while a partition changes hands here. Without it a commit
     * could pass its check just before a rebalance took a partition away and land just after the next
     * owner read the committed offset: both would publish the same messages. Kept apart from the
     * ledger's monitor because a commit is a network round trip the reader and writer must not wait for.
     */
    private final ReentrantLock tenure = new ReentrantLock();

    /** @param maxBuffered records done but unpublished beyond which no new message is registered */
    WorkLedger(long maxBuffered) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("the reorder buffer must hold at least one record");
        }
        this.maxBuffered = maxBuffered;
    }

    /** The partition is now ours (a new epoch); returns the epoch its messages are polled under. */
    int assigned(int partition) {
        return changingHands(() -> {
            int epoch = epochs.merge(partition, 1, Integer::sum);
            dropMessages(partitions.put(partition, new Partition(partition, epoch)));
            return epoch;
        });
    }

    /** Runs a change of ownership after any commit in progress, and under the ledger's monitor. */
    private <T> T changingHands(Supplier<T> change) {
        tenure.lock();
        try {
            synchronized (this) {
                return change.get();
            }
        } finally {
            tenure.unlock();
        }
    }

    /**
     * Runs {@code commit} only if every partition it answers for is still ours under the epoch its
     * records were taken under (a partition being taken away, its intake closed, still is), and keeps
     * every change of ownership waiting until it has returned.
     *
     * @param held   partition to the epoch of the records the transaction holds
     * @param commit commits, or returns false when it declines to
     * @return false, without running it, when a partition was taken away or started again meanwhile:
     *         its records are being redone, by this worker or by the partition's next owner; false too
     *         when the commit declined
     */
    boolean commitIfHeld(Map<Integer, Integer> held, BooleanSupplier commit) {
        tenure.lock();
        try {
            synchronized (this) {
                for (Map.Entry<Integer, Integer> e : held.entrySet()) {
                    Partition p = partitions.get(e.getKey());
                    if (p == null || p.epoch != e.getValue()) {
                        return false;
                    }
                }
            }
            return commit.getAsBoolean();
        } finally {
            tenure.unlock();
        }
    }

    /** The epoch the partition's messages are polled under now, or -1 when it is not ours. */
    synchronized int epoch(int partition) {
        Partition p = partitions.get(partition);
        return p == null ? -1 : p.epoch;
    }

    /**
     * The partitions are being taken away: no message of theirs is registered from now on. What is
     * complete may still be published (the caller does so) before {@link #drop} forgets the rest.
     */
    synchronized void closeIntake(Collection<Integer> gone) {
        for (int id : gone) {
            Partition p = partitions.get(id);
            if (p != null) {
                p.closed = true;
            }
        }
    }

    /**
     * Forgets the partitions' unpublished messages: their next owner redoes them. Waits for a commit
     * in progress, which may still answer for them.
     */
    void drop(Collection<Integer> gone) {
        changingHands(() -> {
            for (int id : gone) {
                dropMessages(partitions.remove(id));
            }
            notifyAll();
            return null;
        });
    }

    /**
     * Forgets every partition's unpublished messages and stops registering any until the partitions are
     * {@link #assigned} again: a transaction that failed took records that are now lost, so their
     * partitions start again from the committed offsets.
     */
    void dropAll() {
        changingHands(() -> {
            drop(new ArrayList<>(partitions.keySet()));
            return null;
        });
    }

    private void dropMessages(Partition p) {
        if (p == null) {
            return;
        }
        for (Message m : p.messages) {
            byLine.remove(m.line);
            buffered -= m.records.size();
        }
        p.messages.clear();
    }

    /**
     * Registers a message polled under {@code epoch}, waiting while the reorder buffer is full.
     *
     * @return the line its targets carry, or -1 when the partition is no longer ours under that epoch
     *         (or {@code stop} said so while waiting)
     */
    synchronized long register(int partition, int epoch, long offset, byte[] key, long sourceLine,
                               BooleanSupplier stop) throws InterruptedException {
        if (buffered >= maxBuffered) {
            long since = System.nanoTime();
            while (buffered >= maxBuffered && !stop.getAsBoolean()) {
                wait(100);
            }
            fullNanos += System.nanoTime() - since;
        }
        Partition p = partitions.get(partition);
        if (p == null || p.epoch != epoch || p.closed || stop.getAsBoolean()) {
            return -1;
        }
        long line = nextLine++;
        Message m = new Message(p, line, offset, key, sourceLine);
        p.messages.addLast(m);
        byLine.put(line, m);
        return line;
    }

    /** One more target of the message came out of it. */
    synchronized void expect(long line) {
        Message m = byLine.get(line);
        if (m != null) {
            m.expected++;
        }
    }

    /** The message gave all its targets (none, for a blank line). */
    synchronized void seal(long line) {
        Message m = byLine.get(line);
        if (m != null) {
            m.sealed = true;
        }
    }

    /** Where the message of {@code line} was read, or null when its partition was taken away. */
    synchronized Origin origin(long line) {
        Message m = byLine.get(line);
        return m == null ? null : m.origin;
    }

    /** A record of the message is done; ignored when its partition was taken away meanwhile. */
    synchronized void done(long line, byte[] value) {
        Message m = byLine.get(line);
        if (m != null) {
            m.records.add(value);
            buffered++;
        }
    }

    /**
     * Takes the complete messages at the head of every partition, oldest first, up to about
     * {@code maxRecords} records (a whole message is never split). The partitions being taken away are
     * left out unless {@code closedToo}: their last messages go only into the transaction their
     * revocation commits, never into one that could be committed after the partition has a new owner.
     */
    synchronized List<Ready> takeReady(int maxRecords, boolean closedToo) {
        List<Ready> out = new ArrayList<>();
        int taken = 0;
        for (Partition p : partitions.values()) {
            if (p.closed && !closedToo) {
                continue;
            }
            List<Done> records = new ArrayList<>();
            long next = -1;
            while (taken < maxRecords && !p.messages.isEmpty() && p.messages.peekFirst().complete()) {
                Message m = p.messages.pollFirst();
                byLine.remove(m.line);
                for (byte[] value : m.records) {
                    records.add(new Done(m.key, value, p.id, m.offset));
                }
                taken += m.records.size();
                buffered -= m.records.size();
                next = m.offset + 1;
            }
            if (next >= 0) {
                out.add(new Ready(p.id, p.epoch, next, records));
            }
        }
        if (taken > 0) {
            notifyAll();
        }
        return out;
    }

    /** Messages registered and not yet published or dropped. */
    synchronized int pendingMessages() {
        return byLine.size();
    }

    /** How long new messages waited, in all, for the reorder buffer to have room. */
    synchronized long fullNanos() {
        return fullNanos;
    }

    /** Records done but not yet published. */
    synchronized long bufferedRecords() {
        return buffered;
    }
}
