package dev.bulkfetch.engine;

import dev.bulkfetch.metrics.RateKeeping;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartScheduleTest {

    @Test
    void withoutARateEveryStartIsDueAndNeverLate() {
        StartSchedule s = new StartSchedule(0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(s.due(System.nanoTime()));
            assertEquals(0, s.start());
        }
        assertEquals(0, s.nanosUntilDue(System.nanoTime()));
        assertNull(s.keeping());
    }

    @Test
    void startsAreDueOnePeriodApart() {
        StartSchedule s = new StartSchedule(10); // 100 ms apart: far above any scheduling noise
        long t0 = System.nanoTime();
        assertTrue(s.due(t0));
        s.start();
        assertFalse(s.due(t0 + TimeUnit.MILLISECONDS.toNanos(50)));
        long wait = s.nanosUntilDue(t0 + TimeUnit.MILLISECONDS.toNanos(50));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(50), wait, TimeUnit.MILLISECONDS.toNanos(1));
        assertTrue(s.due(t0 + TimeUnit.MILLISECONDS.toNanos(100)));
    }

    @Test
    void aMissedStartIsNotForgottenAndCountsAsLate() {
        StartSchedule s = new StartSchedule(1000);
        assertTrue(s.due(System.nanoTime()));
        s.start();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(60)); // a stall: ~60 starts fall due
        long now = System.nanoTime();
        s.capped(now); // the in-flight cap held a due start back
        int caughtUp = 0;
        long firstLag = -1;
        while (s.due(now)) {
            long lag = s.start();
            if (firstLag < 0) {
                firstLag = lag;
            }
            caughtUp++;
        }
        assertTrue(caughtUp >= 55, "caught up " + caughtUp);
        assertTrue(firstLag >= TimeUnit.MILLISECONDS.toNanos(55), "first lag " + firstLag);
        RateKeeping k = s.keeping();
        assertTrue(k.lateStarts() >= 45, k.toString());
        assertTrue(k.maxLagMillis() >= 55, k.toString());
        assertTrue(k.capReached());
        assertTrue(k.fellBehind());
    }
}
