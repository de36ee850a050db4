package dev.bulkfetch.property;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The property harness itself: it finds, shrinks, times out, and replays what failed. */
class PropertyTest {

    @Test
    void aHoldingPropertyRunsEveryTryAndCountsOutcomes() {
        Property.Outcomes o = Property.forAll("holds", r -> r.nextInt(10))
                .failureDirectory(null)
                .tries(500)
                .check(n -> n < 5 ? "small" : "large");
        assertEquals(500, o.count("small") + o.count("large"));
        assertTrue(o.count("small") > 0 && o.count("large") > 0);
    }

    @Test
    void aFailureIsShrunkAndNamesItsSeed() {
        AssertionError e = assertThrows(AssertionError.class, () -> Property.forAll("bytes", r -> Gen.bytes(r, 200))
                .failureDirectory(null)
                .tries(2000)
                .shrinking(Shrink::bytes)
                .check(b -> {
                    for (byte x : b) {
                        if (x == 7) {
                            throw new IllegalStateException("a seven");
                        }
                    }
                    return "ok";
                }));
        assertTrue(e.getMessage().contains("-Dproperty.seed="), e.getMessage());
        assertTrue(e.getMessage().contains("shrunk in"), e.getMessage());
        assertTrue(e.getMessage().contains("to: 1 bytes: 07"), "shrunk to the one byte that matters: " + e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException);
    }

    private static volatile boolean release;

    @Test
    void aHangFailsWithinTheTimeLimit() {
        long start = System.nanoTime();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> Property.forAll("hangs", r -> r.nextInt(3))
                    .failureDirectory(null)
                    .timeLimit(Duration.ofMillis(200))
                    .check(n -> {
                        while (n == 2 && !release) {
                            Thread.onSpinWait(); // a parser loop that never ends, deaf to interrupts
                        }
                        return "ok";
                    }));
            assertTrue(e.getMessage().contains("did not finish within 200 ms"), e.getMessage());
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        } finally {
            release = true; // the abandoned worker must not spin through the rest of the suite
        }
    }

    @Test
    void aFailingSeedIsReplayedFirstAndForgottenOncePassing(@TempDir Path dir) throws Exception {
        List<Integer> seen = new ArrayList<>();
        AssertionError e = assertThrows(AssertionError.class, () -> Property.forAll("replay", r -> r.nextInt(1000))
                .failureDirectory(dir)
                .check(n -> {
                    seen.add(n);
                    if (n == 999 || n % 97 == 0) {
                        throw new AssertionError("found " + n);
                    }
                    return "ok";
                }));
        int failing = seen.get(seen.size() - 1);
        Matcher m = Pattern.compile("seed (-?\\d+)").matcher(e.getMessage());
        assertTrue(m.find());
        Path file = dir.resolve("PropertyTest.replay.seeds");
        assertEquals(m.group(1), Files.readString(file).strip());

        // the next run starts with the failing value; once the property holds again the file goes
        List<Integer> second = new ArrayList<>();
        Property.forAll("replay", r -> r.nextInt(1000)).failureDirectory(dir).tries(3).check(n -> {
            second.add(n);
            return "ok";
        });
        assertEquals(failing, second.get(0));
        assertEquals(4, second.size(), "the replayed seed, then the usual tries");
        assertFalse(Files.exists(file));
    }
}
