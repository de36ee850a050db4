package dev.bulkfetch.dns;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsWindowTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(1);

    @Test
    void growsWhileCleanUpToTheCeiling() {
        DnsWindow w = new DnsWindow(100, 500, TIMEOUT);
        for (int i = 0; i < 1000; i++) {
            w.onReply();
        }
        assertEquals(500, w.size());
    }

    @Test
    void halvesOncePerTimeoutPeriodThenGrowsLinearly() {
        DnsWindow w = new DnsWindow(400, 1000, TIMEOUT);
        long now = System.nanoTime();
        w.onTimeout(now);
        assertEquals(200, w.size());
        for (int i = 0; i < 50; i++) {
            w.onTimeout(now + i); // the same loss episode: no further cut
        }
        assertEquals(200, w.size());
        w.onTimeout(now + TIMEOUT);
        assertEquals(100, w.size());
        for (int i = 0; i < 100; i++) {
            w.onReply();
        }
        assertTrue(w.size() >= 100 && w.size() <= 101, "additive increase after a loss: " + w.size());
    }

    @Test
    void neverFallsBelowItsFloor() {
        DnsWindow w = new DnsWindow(16, 1000, TIMEOUT);
        long now = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            w.onTimeout(now + i * TIMEOUT);
        }
        assertEquals(8, w.size());
    }
}
