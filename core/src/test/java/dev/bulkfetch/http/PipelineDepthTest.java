package dev.bulkfetch.http;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The depth a host's connections carry: fixed as chosen, or earned by a server that keeps up. */
class PipelineDepthTest {
    private static final long QUICK = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long SLUGGISH = PipelineDepth.QUICK_NANOS + 1;
    private static final long SLOW = PipelineDepth.SLOW_NANOS + 1;

    /** Quick kept-alive responses while requests wait for a connection. */
    private static void quick(PipelineDepth d, int n) {
        for (int i = 0; i < n; i++) {
            d.responded(QUICK, true, true);
        }
    }

    @Test
    void aFixedDepthHoldsFromTheStartAndNeverGrows() {
        PipelineDepth d = PipelineDepth.fixed(4);
        assertEquals(4, d.current());
        quick(d, 1000);
        assertEquals(4, d.current());
        d.responded(SLOW, true, true);
        assertEquals(4, d.current(), "a chosen depth does not adapt to latency");
    }

    @Test
    void aFixedDepthEndsAtOneWhenTheServerClosesUnderQueuedRequests() {
        PipelineDepth d = PipelineDepth.fixed(4);
        d.closedWithRequestsBehind();
        assertEquals(1, d.current());
        quick(d, 1000);
        assertEquals(1, d.current());
    }

    @Test
    void anAdaptiveDepthStartsAtOneAndDoublesAfterEachRunOfQuickResponsesUpToItsMaximum() {
        PipelineDepth d = PipelineDepth.adaptive(8);
        assertEquals(1, d.current());
        quick(d, PipelineDepth.GROW_AFTER - 1);
        assertEquals(1, d.current(), "not before a whole run");
        quick(d, 1);
        assertEquals(2, d.current());
        quick(d, PipelineDepth.GROW_AFTER);
        assertEquals(4, d.current());
        quick(d, PipelineDepth.GROW_AFTER);
        assertEquals(8, d.current());
        quick(d, 10 * PipelineDepth.GROW_AFTER);
        assertEquals(8, d.current(), "never past the maximum");
        assertEquals(8, d.peak());
    }

    @Test
    void aMaximumThatIsNotAPowerOfTwoIsReachedExactly() {
        PipelineDepth d = PipelineDepth.adaptive(5);
        quick(d, 10 * PipelineDepth.GROW_AFTER);
        assertEquals(5, d.current());
    }

    @Test
    void anEarnedDepthGoesOutInBatchesUntilARunOfBatchesOfTwoWasAnsweredInFull() {
        PipelineDepth d = PipelineDepth.adaptive(8);
        assertTrue(d.batches());
        quick(d, PipelineDepth.GROW_AFTER);
        assertEquals(2, d.current());
        assertTrue(d.batches(), "a depth of two is the trial");
        quick(d, PipelineDepth.GROW_AFTER);
        assertEquals(4, d.current());
        assertFalse(d.batches());
        d.responded(SLOW, true, true);
        d.responded(SLOW, true, true);
        assertEquals(1, d.current());
        assertFalse(d.batches(), "proven once, proven for good");
        assertFalse(PipelineDepth.fixed(4).batches(), "a chosen depth refills as answers come");
    }

    @Test
    void withoutRequestsWaitingTheDepthDoesNotGrow() {
        PipelineDepth d = PipelineDepth.adaptive(8);
        for (int i = 0; i < 1000; i++) {
            d.responded(QUICK, true, false);
        }
        assertEquals(1, d.current(), "a deeper pipeline would have nothing to carry");
    }

    @Test
    void aResponseThatClosesTheConnectionOrIsNotQuickStartsTheRunOver() {
        PipelineDepth d = PipelineDepth.adaptive(8);
        quick(d, PipelineDepth.GROW_AFTER - 1);
        d.responded(QUICK, false, true);
        quick(d, PipelineDepth.GROW_AFTER - 1);
        d.responded(SLUGGISH, true, true);
        quick(d, PipelineDepth.GROW_AFTER - 1);
        assertEquals(1, d.current());
        quick(d, 1);
        assertEquals(2, d.current());
    }

    @Test
    void aSlowResponseHalvesTheDepth() {
        PipelineDepth d = PipelineDepth.adaptive(8);
        quick(d, 3 * PipelineDepth.GROW_AFTER);
        assertEquals(8, d.current());
        d.responded(SLOW, true, true);
        assertEquals(4, d.current());
        d.responded(SLOW, true, true);
        d.responded(SLOW, true, true);
        d.responded(SLOW, true, true);
        assertEquals(1, d.current(), "not below one");
        quick(d, PipelineDepth.GROW_AFTER);
        assertEquals(2, d.current(), "and earned back");
        assertEquals(8, d.peak());
    }

    @Test
    void lostPipelinedRequestsStopPipeliningForGood() {
        PipelineDepth d = PipelineDepth.adaptive(8);
        quick(d, 3 * PipelineDepth.GROW_AFTER);
        d.stop();
        assertTrue(d.stopped());
        assertEquals(1, d.current());
        quick(d, 100 * PipelineDepth.GROW_AFTER);
        assertEquals(1, d.current());
    }

    @Test
    void aServerThatClosesEverySoManyRequestsSaysSoAndLosesOnlyHalfTheDepth() {
        PipelineDepth d = PipelineDepth.adaptive(8);
        quick(d, 3 * PipelineDepth.GROW_AFTER);
        d.closedWithRequestsBehind();
        assertEquals(4, d.current());
        assertFalse(d.stopped());
        quick(d, PipelineDepth.GROW_AFTER);
        assertEquals(8, d.current());
    }

    @Test
    void aServerThatClosesEveryFewRequestsEndsAtOne() {
        PipelineDepth d = PipelineDepth.adaptive(8);
        quick(d, 3 * PipelineDepth.GROW_AFTER);
        for (int i = 0; i < 10; i++) {
            quick(d, 3);
            d.responded(QUICK, false, true);
            d.closedWithRequestsBehind();
        }
        assertEquals(1, d.current());
    }
}
