package dev.bulkfetch.io.kafka;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's reorder buffer: whole messages, in offset order per partition, nothing of a partition taken away. */
class WorkLedgerTest {
    private static final byte[] KEY = {1};

    private static long register(WorkLedger l, int partition, long offset) throws InterruptedException {
        return l.register(partition, l.epoch(partition), offset, KEY, offset + 1, () -> false);
    }

    /** A message with n targets, each done. */
    private static long message(WorkLedger l, int partition, long offset, int n) throws InterruptedException {
        long line = register(l, partition, offset);
        for (int i = 0; i < n; i++) {
            l.expect(line);
        }
        l.seal(line);
        for (int i = 0; i < n; i++) {
            l.done(line, ("{\"line\":" + line + ",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        return line;
    }

    @Test
    void aCompleteMessageIsPublishedWithTheOffsetAfterIt() throws Exception {
        WorkLedger l = new WorkLedger(100);
        l.assigned(0);
        long line = message(l, 0, 7, 2);
        assertEquals(new WorkLedger.Origin(8, 0, 7), l.origin(line), "submit's line, partition, offset");
        List<WorkLedger.Ready> ready = l.takeReady(1000, true);
        assertEquals(1, ready.size());
        assertEquals(8, ready.get(0).nextOffset());
        assertEquals(2, ready.get(0).records().size());
        assertEquals(7, ready.get(0).records().get(0).offset());
        assertTrue(l.takeReady(1000, true).isEmpty(), "published once");
        assertEquals(0, l.pendingMessages());
        assertEquals(null, l.origin(line), "a published message is forgotten");
    }

    @Test
    void aBlockMessageWaitsForEveryOneOfItsRecords() throws Exception {
        WorkLedger l = new WorkLedger(100);
        l.assigned(0);
        long line = register(l, 0, 0);
        l.expect(line);
        l.expect(line);
        l.expect(line);
        l.done(line, ("{\"line\":1}").getBytes(StandardCharsets.UTF_8));
        l.done(line, ("{\"line\":1}").getBytes(StandardCharsets.UTF_8));
        assertTrue(l.takeReady(1000, true).isEmpty(), "not sealed, 2 of 3 done");
        l.seal(line);
        assertTrue(l.takeReady(1000, true).isEmpty(), "sealed, 2 of 3 done");
        l.done(line, ("{\"line\":1}").getBytes(StandardCharsets.UTF_8));
        assertEquals(3, l.takeReady(1000, true).get(0).records().size());
    }

    @Test
    void aLaterMessageWaitsBehindAnUnfinishedEarlierOneOfItsPartitionOnly() throws Exception {
        WorkLedger l = new WorkLedger(100);
        l.assigned(0);
        l.assigned(1);
        long first = register(l, 0, 10);
        l.expect(first);
        l.seal(first);
        message(l, 0, 11, 1);
        message(l, 1, 5, 1);
        List<WorkLedger.Ready> ready = l.takeReady(1000, true);
        assertEquals(1, ready.size(), "partition 1 only");
        assertEquals(1, ready.get(0).partition());
        l.done(first, ("{\"line\":1}").getBytes(StandardCharsets.UTF_8));
        ready = l.takeReady(1000, true);
        assertEquals(12, ready.get(0).nextOffset(), "both of partition 0, committed past the later one");
        assertEquals(List.of(10L, 11L), ready.get(0).records().stream().map(WorkLedger.Done::offset).toList());
    }

    @Test
    void aBlankMessageIsCommittedWithoutARecord() throws Exception {
        WorkLedger l = new WorkLedger(100);
        l.assigned(0);
        message(l, 0, 3, 0);
        List<WorkLedger.Ready> ready = l.takeReady(1000, true);
        assertEquals(4, ready.get(0).nextOffset());
        assertTrue(ready.get(0).records().isEmpty());
    }

    @Test
    void aPartitionTakenAwayRegistersNothingMoreAndForgetsItsUnpublishedRecords() throws Exception {
        WorkLedger l = new WorkLedger(100);
        int epoch = l.assigned(0);
        long open = register(l, 0, 0);
        l.expect(open);
        l.seal(open);
        l.closeIntake(Set.of(0));
        assertEquals(-1, l.register(0, epoch, 1, KEY, 2, () -> false), "polled under the old epoch");
        l.drop(Set.of(0));
        l.done(open, ("{\"line\":1}").getBytes(StandardCharsets.UTF_8));
        assertTrue(l.takeReady(1000, true).isEmpty());
        assertEquals(0, l.bufferedRecords());
        assertEquals(-1, l.epoch(0));
        int again = l.assigned(0);
        assertTrue(again > epoch, "a partition given back gets a new epoch");
        assertEquals(-1, l.register(0, epoch, 0, KEY, 1, () -> false), "old messages stay refused");
    }

    @Test
    void aFullReorderBufferHoldsBackNewMessagesUntilRecordsArePublished() throws Exception {
        WorkLedger l = new WorkLedger(2);
        l.assigned(0);
        message(l, 0, 0, 2);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return register(l, 0, 1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "held back while 2 records wait");
        assertEquals(2, l.takeReady(1000, true).get(0).records().size());
        assertTrue(waiting.get(5, TimeUnit.SECONDS) > 0, "registered once they are published");
        assertTrue(l.fullNanos() >= TimeUnit.MILLISECONDS.toNanos(300), "the wait is counted: " + l.fullNanos());
    }

    @Test
    void aStopEndsTheWaitForRoom() throws Exception {
        WorkLedger l = new WorkLedger(1);
        l.assigned(0);
        message(l, 0, 0, 1);
        assertEquals(-1, l.register(0, l.epoch(0), 1, KEY, 2, () -> true));
    }

    @Test
    void aRecordWithTextBeyondAsciiKeepsItsUtf8() {
        String json = new WorkerRecords("t").text("{\"line\":1,\"name\":\"b\u00fccher.example\"}", 9, 0, 1);
        assertEquals("{\"line\":9,\"name\":\"b\u00fccher.example\",\"topic\":\"t\",\"partition\":0,\"offset\":1}", json);
    }

    @Test
    void theRecordOfAMessageNamesTheLineSubmitReadAndWhereTheMessageWas() {
        String json = new WorkerRecords("urls").text("{\"line\":17,\"input\":\"a\",\"x\":{\"y\":1}}", 4, 2, 99);
        assertEquals("{\"line\":4,\"input\":\"a\",\"x\":{\"y\":1},\"topic\":\"urls\",\"partition\":2,\"offset\":99}", json);
    }

    @Test
    void afterAFailedTransactionNothingOfAnyPartitionIsPublishedUntilItStartsAgainUnderANewEpoch() throws Exception {
        WorkLedger l = new WorkLedger(100);
        int old0 = l.assigned(0);
        l.assigned(1);
        long inFlight = register(l, 0, 3);
        l.expect(inFlight);
        l.seal(inFlight);
        message(l, 1, 9, 2);
        l.dropAll();
        assertEquals(-1, l.epoch(0), "closed until started again");
        assertEquals(-1, l.epoch(1), "closed until started again");
        l.done(inFlight, "{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(l.takeReady(1000, true).isEmpty(), "neither the late record nor the complete message goes out");
        assertEquals(0, l.bufferedRecords());
        assertEquals(-1, l.register(0, old0, 4, KEY, 5, () -> false), "a message polled before is refused");
        int fresh = l.assigned(0);
        assertTrue(fresh > old0, "a new epoch");
        message(l, 0, 3, 1);
        assertEquals(4, l.takeReady(1000, true).get(0).nextOffset(), "redone from the committed offset");
    }

    @Test
    void aCommitRunsWhileEveryPartitionItAnswersForIsHeldUnderTheEpochItsRecordsWereTakenUnder() throws Exception {
        WorkLedger l = new WorkLedger(100);
        int epoch = l.assigned(0);
        message(l, 0, 0, 1);
        WorkLedger.Ready r = l.takeReady(1000, true).get(0);
        assertEquals(epoch, r.epoch());
        AtomicBoolean ran = new AtomicBoolean();
        assertTrue(l.commitIfHeld(Map.of(0, r.epoch()), () -> { ran.set(true); return true; }));
        assertTrue(ran.get());
        l.closeIntake(Set.of(0));
        assertTrue(l.commitIfHeld(Map.of(0, r.epoch()), () -> true), "a partition being revoked is still held: its flush commits");
    }

    /** Partitions 0 and 1, each with one complete message (offsets 0 and 5). */
    private static WorkLedger twoPartitionsWithACompleteMessageEach() throws InterruptedException {
        WorkLedger l = new WorkLedger(100);
        l.assigned(0);
        l.assigned(1);
        message(l, 0, 0, 1);
        message(l, 1, 5, 1);
        return l;
    }

    @Test
    void aCommitForAPartitionTakenAwayAfterItsRecordsWereTakenIsRefusedWithoutRunning() throws Exception {
        WorkLedger l = twoPartitionsWithACompleteMessageEach();
        Map<Integer, Integer> held = new HashMap<>();
        for (WorkLedger.Ready r : l.takeReady(1000, true)) {
            held.put(r.partition(), r.epoch());
        }
        l.drop(Set.of(1));
        AtomicBoolean ran = new AtomicBoolean();
        assertFalse(l.commitIfHeld(held, () -> { ran.set(true); return true; }),
                "its next owner may have read the committed offset already");
        assertFalse(ran.get());
    }

    @Test
    void aCommitForAPartitionStartedAgainUnderANewEpochIsRefused() throws Exception {
        WorkLedger l = new WorkLedger(100);
        l.assigned(0);
        message(l, 0, 0, 1);
        WorkLedger.Ready r = l.takeReady(1000, true).get(0);
        l.assigned(0);
        assertFalse(l.commitIfHeld(Map.of(0, r.epoch()), () -> true),
                "the partition is redone from the committed offset, which these records never passed");
    }

    @Test
    void aPartitionChangesHandsOnlyAfterTheCommitInProgressHasEnded() throws Exception {
        WorkLedger l = new WorkLedger(100);
        int epoch = l.assigned(0);
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> commit = CompletableFuture.supplyAsync(() -> l.commitIfHeld(Map.of(0, epoch), () -> {
            committing.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertTrue(committing.await(5, TimeUnit.SECONDS));
        CompletableFuture<Void> drop = CompletableFuture.runAsync(() -> l.drop(Set.of(0)));
        CompletableFuture<Integer> reassign = CompletableFuture.supplyAsync(() -> l.assigned(1));
        Thread.sleep(300);
        assertFalse(drop.isDone(), "the drop waits for the commit");
        assertFalse(reassign.isDone(), "so does an assignment");
        assertEquals(epoch, l.epoch(0), "the reader and writer do not wait: the ledger still answers");
        release.countDown();
        assertTrue(commit.get(5, TimeUnit.SECONDS));
        drop.get(5, TimeUnit.SECONDS);
        reassign.get(5, TimeUnit.SECONDS);
        assertEquals(-1, l.epoch(0));
    }

    @Test
    void aPartitionBeingTakenAwayGivesItsLastMessagesOnlyToTheFlushOfItsRevocation() throws Exception {
        WorkLedger l = twoPartitionsWithACompleteMessageEach();
        l.closeIntake(Set.of(0));
        List<WorkLedger.Ready> ordinary = l.takeReady(1000, false);
        assertEquals(1, ordinary.size());
        assertEquals(1, ordinary.get(0).partition(), "not into a transaction that may commit after the revocation");
        List<WorkLedger.Ready> flush = l.takeReady(1000, true);
        assertEquals(0, flush.get(0).partition());
    }
}
