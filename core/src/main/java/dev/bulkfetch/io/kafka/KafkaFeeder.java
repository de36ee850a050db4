package dev.bulkfetch.io.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The worker's consumer, on a thread of its own: the Kafka consumer must be used from one thread, and
 * it must poll often to stay in the group, whatever the run is doing. It polls the input topic into a
 * bounded hand-off queue for the run's reader; when the queue is full it pauses its partitions and
 * goes on polling (which returns nothing then, but keeps the membership), so a slow crawl is
 * back-pressure, never a lost partition. Rebalances reach the {@link WorkLedger} from here.
 */
final class KafkaFeeder implements ConsumerRebalanceListener, AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final WorkLedger ledger;
    private final BlockingQueue<InputMessage> handOff;
    private final ArrayDeque<InputMessage> overflow = new ArrayDeque<>();
    private final Thread thread;
    private volatile ConsumerGroupMetadata groupMetadata;
    private volatile boolean stopping;
    private volatile RuntimeException failure;
    private volatile Revocations revocations = gone -> { };
    private final AtomicBoolean rewind = new AtomicBoolean();

    /** What happens to a partition's finished work before it is taken away: it is published and committed. */
    @FunctionalInterface
    interface Revocations {
        void flush(Collection<Integer> gone);
    }

    KafkaFeeder(KafkaCluster cluster, String group, String clientId, String topic, WorkLedger ledger,
                int handOffCapacity, Duration sessionTimeout) {
        this.consumer = new KafkaConsumer<>(cluster.groupReader(clientId, group, sessionTimeout));
        this.topic = topic;
        this.ledger = ledger;
        this.handOff = new ArrayBlockingQueue<>(handOffCapacity);
        this.thread = new Thread(this::run, "bulkfetch-kafka-consumer");
        this.thread.setDaemon(true);
    }

    /** Who publishes a partition's complete messages when it is revoked (set before {@link #start}). */
    void onRevoke(Revocations r) {
        this.revocations = r;
    }

    void start() {
        thread.start();
    }

    /** The group's generation as of the last poll: a transaction's offsets are committed under it. */
    ConsumerGroupMetadata groupMetadata() {
        return groupMetadata;
    }

    /** Why the consumer stopped, or null while it runs. */
    RuntimeException failure() {
        return failure;
    }

    /** The next message, waiting at most {@code millis}; null when none came. */
    InputMessage take(long millis) throws InterruptedException {
        return handOff.poll(millis, TimeUnit.MILLISECONDS);
    }

    String topic() {
        return topic;
    }

    /**
     * Asks for every partition this worker holds to start again from its committed offset (the ledger
     * has dropped them): a failed transaction lost records that must be redone, without waiting for a
     * rebalance that would take the partitions away.
     */
    void rewind() {
        rewind.set(true);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), this);
            while (!stopping) {
                if (rewind.getAndSet(false) && !startAgain(consumer.assignment())) {
                    rewind.set(true);
                }
                moveOverflow();
                Set<TopicPartition> assigned = consumer.assignment();
                if (!overflow.isEmpty()) {
                    consumer.pause(assigned);
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    int epoch = ledger.epoch(r.partition());
                    if (epoch >= 0) {
                        overflow.addLast(message(r, epoch));
                    }
                }
                groupMetadata = consumer.groupMetadata();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
    }

    private void moveOverflow() {
        while (!overflow.isEmpty() && handOff.offer(overflow.peekFirst())) {
            overflow.pollFirst();
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // A partition this worker had before the rebalance keeps the consumer's position, which is past
        // the messages just dropped as unpublished: every assigned partition starts again from its
        // committed offset, or from its beginning when nothing was committed there yet. The new
        // generation is known before the partitions open: their records commit under it.
        groupMetadata = consumer.groupMetadata();
        startFromCommitted(partitions);
    }

    /** {@link #startFromCommitted}, or false (nothing changed) when the cluster does not answer now. */
    private boolean startAgain(Collection<TopicPartition> partitions) {
        try {
            startFromCommitted(partitions);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /**
     * Positions the partitions at their committed offsets, then opens them in the ledger under a new
     * epoch (in that order: a message polled from the old position must never be registered), and
     * drops what was queued under the old one.
     */
    private void startFromCommitted(Collection<TopicPartition> partitions) {
        Set<TopicPartition> assigned = new HashSet<>(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata c = committed.get(tp);
            if (c == null) {
                fresh.add(tp);
            } else {
                consumer.seek(tp, c);
            }
        }
        if (!fresh.isEmpty()) {
            consumer.seekToBeginning(fresh);
        }
        Set<Integer> ids = ids(assigned);
        dropQueued(ids);
        for (int p : ids) {
            ledger.assigned(p);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Set<Integer> gone = ids(partitions);
        ledger.closeIntake(gone);
        dropQueued(gone);
        // still a member of this generation: what is complete is committed with its offsets now
        revocations.flush(gone);
        ledger.drop(gone);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        // no longer a member: a commit would be refused; the next owner redoes everything unpublished
        Set<Integer> gone = ids(partitions);
        ledger.closeIntake(gone);
        dropQueued(gone);
        ledger.drop(gone);
    }

    private void dropQueued(Set<Integer> gone) {
        overflow.removeIf(m -> gone.contains(m.partition()));
        handOff.removeIf(m -> gone.contains(m.partition()));
    }

    private static Set<Integer> ids(Collection<TopicPartition> partitions) {
        Set<Integer> ids = new HashSet<>();
        for (TopicPartition tp : partitions) {
            ids.add(tp.partition());
        }
        return ids;
    }

    /** Stops polling and leaves the group (which hands the partitions to the others); waits for the thread. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InputMessage message(ConsumerRecord<byte[], byte[]> r, int epoch) {
        String problem = header(r, KafkaSubmitter.PROBLEM_HEADER);
        String text;
        if (r.value() == null) {
            text = "";
            problem = problem != null ? problem : "the message has no value";
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(r.value())).toString();
            } catch (CharacterCodingException e) {
                text = new String(r.value(), StandardCharsets.UTF_8);
                problem = problem != null ? problem : "not UTF-8";
            }
        }
        return new InputMessage(r.partition(), epoch, r.offset(), r.key(), text, sourceLine(r), problem);
    }

    private static long sourceLine(ConsumerRecord<byte[], byte[]> r) {
        String line = header(r, KafkaSubmitter.LINE_HEADER);
        if (line == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(line));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
