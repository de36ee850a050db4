package dev.bulkfetch.http;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine-wide cap on open connections: no limit until descriptors run out, then below what was open. */
class ConnectionBudgetTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final ByteArrayOutputStream notices = new ByteArrayOutputStream();
    private final ConnectionBudget budget = new ConnectionBudget(loop, new PrintStream(notices, true, StandardCharsets.UTF_8));
    private final List<String> woken = new ArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private ConnectionBudget.Waiter waiter(String name) {
        return () -> {
            woken.add(name);
            budget.tryOpen(waiter(name));
        };
    }

    @Test
    void unlimitedUntilDescriptorsRunOut() {
        for (int i = 0; i < 10_000; i++) {
            assertTrue(budget.tryOpen(waiter("never")));
        }
        assertEquals(Integer.MAX_VALUE, budget.cap());
        assertEquals("", notices.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runningOutCapsBelowWhatIsOpenAndWaitersOpenAsConnectionsClose() {
        for (int i = 0; i < 201; i++) {
            assertTrue(budget.tryOpen(waiter("a")));
        }
        budget.outOfDescriptors(waiter("a"), "out of file descriptors (errno 24)");
        // 200 hold a descriptor; the cap leaves an eighth of them free for whatever else needs one
        assertEquals(200, budget.open());
        assertEquals(175, budget.cap());
        assertFalse(budget.tryOpen(waiter("b")));
        for (int i = 0; i < 25; i++) {
            budget.closed();
        }
        assertEquals(List.of(), woken, "nothing opens until the count is below the cap");
        budget.closed();
        assertEquals(List.of("a"), woken, "first come, first served, one place per close");
        budget.closed();
        assertEquals(List.of("a", "b"), woken);
        assertEquals(175, budget.open());
    }

    @Test
    void laterRefusalsOnlyLowerTheCapAndTheNoticeIsGivenOnce() {
        for (int i = 0; i < 2_000; i++) {
            budget.tryOpen(waiter("a"));
        }
        // a burst of connects all refused: each brings the cap down to what is really open
        for (int i = 0; i < 1_800; i++) {
            budget.outOfDescriptors(waiter("a"), "out of file descriptors (errno 24)");
        }
        assertEquals(200, budget.open());
        assertTrue(budget.cap() < 200, "cap " + budget.cap());
        assertEquals(1, notices.toString(StandardCharsets.UTF_8).lines().count());
        assertTrue(notices.toString(StandardCharsets.UTF_8).contains("ulimit -n"));
    }

    @Test
    void withNothingOpenTheWaitersTryAgainAfterAShortDelay() throws Exception {
        CountDownLatch retried = new CountDownLatch(1);
        assertTrue(budget.tryOpen(() -> { }));
        long start = System.nanoTime();
        loop.submit(() -> budget.outOfDescriptors(retried::countDown, "out of file descriptors (errno 24)")).sync();
        assertTrue(retried.await(5, TimeUnit.SECONDS), "no close will come: a timer must wake the waiter");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= ConnectionBudget.RETRY_MILLIS - 5);
    }
}
