package dev.bulkfetch.property;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A property checked on generated values: a generator, a check, and a number of tries, each try drawn
 * from its own seed and run under a time limit, so a parser that throws, loops or hangs on some input
 * fails with that input and the seed that makes it again.
 *
 * <pre>{@code
 * Property.forAll("random bytes are rejected or parsed", r -> Gen.bytes(r, 600))
 *         .tries(2000)
 *         .shrinking(Shrink::bytes)
 *         .check(bytes -> parse(bytes) == null ? "rejected" : "parsed");
 * }</pre>
 *
 * <p>The check returns a label for the class of outcome (rejected, parsed, ...); the counts are
 * printed and returned, so a test can assert that its generator reaches every class it means to.
 *
 * <p>Reproducing a failure: the message names the seed of the failing try; {@code -Dproperty.seed=N}
 * runs that seed first. A failing seed is also written under {@code target/property-failures/} and
 * tried first on the next run until the property passes again (what jqwik's database does, without a
 * file in the working tree). {@code -Dproperty.tries=N} overrides every property's number of tries,
 * for a longer local soak.
 *
 * <p>A small harness of our own rather than jqwik: jqwik 1.10 asks that coding agents not use it
 * (its Anti-AI Usage Clause), and these tests are written and run by them.
 *
 * @param <T> the generated value
 */
public final class Property<T> {

    /** Makes one value from a random source; all randomness must come from it, for reproducibility. */
    @FunctionalInterface
    public interface Generator<T> {
        T next(SplittableRandom random);
    }

    /** Checks one value: throws (an assertion or anything else) when the property does not hold. */
    @FunctionalInterface
    public interface Check<T> {
        /** @return the class of outcome, counted for the summary (e.g. "accepted", "malformed") */
        String verify(T value) throws Exception;
    }

    /** Smaller variants of a failing value, tried in order; the first that still fails is kept. */
    @FunctionalInterface
    public interface Shrinker<T> {
        List<T> smaller(T value);
    }

    /** How often each class of outcome came up, in label order. */
    public record Outcomes(Map<String, Integer> counts) {
        public int count(String label) {
            return counts.getOrDefault(label, 0);
        }
    }

    private static final Path FAILURES = Path.of("target", "property-failures");
    private static final int MAX_SHRINK_STEPS = 500;
    private static final long MAX_SHRINK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String name;
    private final Generator<T> generator;
    private int tries = 1000;
    private Duration timeLimit = Duration.ofSeconds(5);
    private Shrinker<T> shrinker;
    private Function<T, String> show = Show::value;
    private Path failures = FAILURES;

    private Property(String name, Generator<T> generator) {
        this.name = name;
        this.generator = generator;
    }

    /** @param name unique within the calling class; it names the failure file */
    public static <T> Property<T> forAll(String name, Generator<T> generator) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        return new Property<>(caller.getSimpleName() + "." + name, generator);
    }

    public Property<T> tries(int n) {
        tries = n;
        return this;
    }

    /** The longest one check may take: past it the try fails as a hang. */
    public Property<T> timeLimit(Duration perTry) {
        timeLimit = perTry;
        return this;
    }

    public Property<T> shrinking(Shrinker<T> s) {
        shrinker = s;
        return this;
    }

    /** How a value is printed in a failure message (default: {@link Show#value}). */
    public Property<T> show(Function<T, String> f) {
        show = f;
        return this;
    }

    /** Where failing seeds are kept between runs; null keeps none (for the harness's own tests). */
    public Property<T> failureDirectory(Path dir) {
        failures = dir;
        return this;
    }

    /**
     * Runs the tries. Each check runs on a worker thread so that a hang is reported as one (with its
     * seed) instead of stalling the build.
     *
     * @throws AssertionError naming the property, the seed, the (shrunk) value and the cause
     */
    public Outcomes check(Check<T> check) {
        List<Long> seeds = seedsToReplay();
        Long fixedBase = baseProperty();
        long base = seedProperty() != null ? seedProperty()
                : fixedBase != null ? fixedBase ^ name.hashCode() : ThreadLocalRandom.current().nextLong();
        int n = Integer.getInteger("property.tries", tries);
        Map<String, Integer> counts = new TreeMap<>();
        long start = System.nanoTime();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "property-" + name);
            t.setDaemon(true); // a hung check must not keep the JVM alive
            return t;
        });
        try {
            SplittableRandom seedSource = new SplittableRandom(base);
            for (int i = 0; i < seeds.size() + n; i++) {
                long seed;
                if (i < seeds.size()) {
                    seed = seeds.get(i);
                } else if (i == seeds.size() && seedProperty() != null) {
                    seed = base; // -Dproperty.seed names the failing try's own seed
                } else {
                    seed = seedSource.nextLong();
                }
                T value;
                try {
                    value = generator.next(new SplittableRandom(seed));
                } catch (RuntimeException e) {
                    throw new AssertionError("property " + name + ": the generator failed on seed " + seed, e);
                }
                Throwable failure = run(worker, check, value, counts);
                if (failure != null) {
                    if (failure instanceof TimeoutException) {
                        worker = replaceHungWorker(worker);
                    }
                    remember(seed);
                    throw failed(seed, i, value, failure, worker, check);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        forget();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("[property] %s: %d tries in %d ms, outcomes %s%n", name, n + seeds.size(), millis, counts);
        return new Outcomes(Map.copyOf(counts));
    }

    /** Null when the check held, else what it threw (a {@link TimeoutException} for a hang). */
    private Throwable run(ExecutorService worker, Check<T> check, T value, Map<String, Integer> counts) {
        Future<String> f = worker.submit(() -> check.verify(value));
        try {
            String label = f.get(timeLimit.toNanos(), TimeUnit.NANOSECONDS);
            if (counts != null) {
                counts.merge(label == null ? "-" : label, 1, Integer::sum);
            }
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            f.cancel(true);
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private ExecutorService replaceHungWorker(ExecutorService hung) {
        hung.shutdownNow();
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "property-" + name + "-shrink");
            t.setDaemon(true);
            return t;
        });
    }

    private AssertionError failed(long seed, int tryIndex, T value, Throwable cause, ExecutorService worker,
                                  Check<T> check) {
        T smallest = value;
        int steps = 0;
        Throwable smallestCause = cause;
        if (shrinker != null && !(cause instanceof TimeoutException)) {
            long until = System.nanoTime() + MAX_SHRINK_NANOS;
            boolean progress = true;
            while (progress && steps < MAX_SHRINK_STEPS && System.nanoTime() < until) {
                progress = false;
                for (T candidate : shrinker.smaller(smallest)) {
                    if (steps >= MAX_SHRINK_STEPS || System.nanoTime() >= until) {
                        break;
                    }
                    steps++;
                    Throwable t = run(worker, check, candidate, null);
                    if (t != null && !(t instanceof TimeoutException)) {
                        smallest = candidate;
                        smallestCause = t;
                        progress = true;
                        break;
                    }
                }
            }
        }
        String what = cause instanceof TimeoutException
                ? "did not finish within " + timeLimit.toMillis() + " ms (a hang)"
                : "failed: " + cause;
        StringBuilder m = new StringBuilder();
        m.append("property ").append(name).append(' ').append(what).append('\n')
                .append("  try ").append(tryIndex).append(", seed ").append(seed)
                .append(" (run again with -Dproperty.seed=").append(seed).append(")\n")
                .append("  value: ").append(show.apply(value)).append('\n');
        if (smallest != value) {
            m.append("  shrunk in ").append(steps).append(" steps to: ").append(show.apply(smallest)).append('\n')
                    .append("  which fails with: ").append(smallestCause).append('\n');
        }
        AssertionError e = new AssertionError(m.toString(), smallestCause);
        if (smallestCause != cause) {
            e.addSuppressed(cause);
        }
        return e;
    }

    /**
     * The build's fixed base seed ({@code -Dproperty.base=N}, set in the pom so a build is repeatable and
     * CI cannot turn red on a new draw), or null for a fresh draw ({@code -Dproperty.base=random}).
     */
    private static Long baseProperty() {
        String s = System.getProperty("property.base");
        return s == null || s.isBlank() || s.strip().equals("random") ? null : Long.decode(s.strip());
    }

    private static Long seedProperty() {
        String s = System.getProperty("property.seed");
        return s == null || s.isBlank() ? null : Long.decode(s.strip());
    }

    private Path failureFile() {
        return failures == null ? null : failures.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".seeds");
    }

    private List<Long> seedsToReplay() {
        Path f = failureFile();
        if (f == null || seedProperty() != null || !Files.isRegularFile(f)) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(Long.parseLong(line.strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return List.of(); // a damaged file only loses the replay, never the run
        }
        return out;
    }

    private void remember(long seed) {
        Path f = failureFile();
        if (f == null) {
            return;
        }
        try {
            Set<Long> all = new LinkedHashSet<>();
            all.add(seed);
            all.addAll(seedsToReplay());
            Files.createDirectories(f.getParent());
            Files.write(f, all.stream().map(String::valueOf).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // replaying is a convenience; the failure message already names the seed
        }
    }

    private void forget() {
        Path f = failureFile();
        if (f != null && seedProperty() == null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // a stale file only makes the next run replay a passing seed
            }
        }
    }

    /** Printing of generated values in failure messages, bounded so a 9 KiB input stays readable. */
    public static final class Show {
        private static final int MAX = 1200;

        private Show() {
        }

        public static String value(Object v) {
            if (v instanceof byte[] b) {
                return bytes(b);
            }
            if (v instanceof String s) {
                return string(s);
            }
            return cut(String.valueOf(v));
        }

        public static String bytes(byte[] b) {
            String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, MAX / 2));
            return b.length + " bytes: " + hex + (b.length > MAX / 2 ? "..." : "");
        }

        /** Java-escaped, so control characters and lone surrogates are visible. */
        public static String string(String s) {
            StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX) + 16).append('"');
            int i = 0;
            for (; i < s.length() && sb.length() < MAX; i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c >= 0x20 && c < 0x7F) {
                    sb.append(c);
                } else {
                    sb.append(String.format("\\u%04x", (int) c));
                }
            }
            return sb.append(i < s.length() ? "\"... (" + s.length() + " chars)" : "\"").toString();
        }

        private static String cut(String s) {
            return s.length() <= MAX ? s : s.substring(0, MAX) + "... (" + s.length() + " chars)";
        }
    }
}
