package dev.bulkfetch.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Engines on several event loops divide one engine's limits between them, so that together they hold them. */
class HttpEngineConfigShareTest {

    @Test
    void thePerHostConnectionsAreDividedWithTheRemainderToTheFirstShares() {
        HttpEngineConfig c = HttpEngineConfig.builder().perHost(8).decodeThreads(2).build();
        int[] perHost = new int[3];
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            perHost[i] = c.share(3, i).perHost();
            sum += perHost[i];
        }
        assertEquals(8, sum, "together no more connections to a host than one engine");
        assertEquals(3, perHost[0]);
        assertEquals(3, perHost[1]);
        assertEquals(2, perHost[2]);
    }

    @Test
    void everyShareKeepsAtLeastOneDecodeThreadUnlessDecodingIsOnTheLoop() {
        HttpEngineConfig c = HttpEngineConfig.builder().perHost(6).decodeThreads(2).build();
        for (int i = 0; i < 3; i++) {
            assertEquals(1, c.share(3, i).decodeThreads());
        }
        assertEquals(0, c.withDecodeThreads(0).share(3, 2).decodeThreads(), "0 stays 0: bodies decoded on each loop");
    }

    @Test
    void everyOtherSettingIsTheSameInEveryShare() {
        HttpEngineConfig c = HttpEngineConfig.builder().perHost(4).pipeline(3).follow(2).header("X-A", "b").build();
        HttpEngineConfig s = c.share(2, 1);
        assertEquals(3, s.pipeline());
        assertEquals(c.headers(), s.headers());
        assertEquals(c.follow(), s.follow());
        assertEquals(c.totalTimeout(), s.totalTimeout());
        assertEquals(2, s.perHost());
    }

    @Test
    void moreSharesThanPerHostConnectionsIsRefusedWithTheReason() {
        HttpEngineConfig c = HttpEngineConfig.builder().perHost(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.share(3, 0));
        assertTrue(e.getMessage().contains("per-host connections (2) must be at least the event loops"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.share(2, 2));
    }
}
