package dev.bulkfetch.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What an earlier, interrupted run already finished, read from its NDJSON output, so {@code --resume}
 * runs only the rest. The output is rewritten first without its CANCELLED records and without a
 * record cut short by a kill, so appending the rest leaves each input exactly once.
 * Keys are the input line number, and for DNS also the question name (a CIDR line has many).
 */
public final class ResumeIndex {
    private static final String CANCELLED = "CANCELLED";

    private final LongSet done = new LongSet();
    private long kept;
    private long cancelled;
    private long unreadable;

    private ResumeIndex() {
    }

    /**
     * Reads the output of the earlier run and rewrites it without what must run again.
     * A missing file is an empty index: nothing was done yet.
     */
    public static ResumeIndex prepare(Path output) throws IOException {
        ResumeIndex index = new ResumeIndex();
        if (!Files.exists(output)) {
            return index;
        }
        Path dir = output.toAbsolutePath().getParent();
        Path rewritten = Files.createTempFile(dir, output.getFileName().toString(), ".resume");
        try (BufferedReader in = Files.newBufferedReader(output, StandardCharsets.UTF_8);
             Writer out = Files.newBufferedWriter(rewritten, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                index.take(text, out);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(rewritten);
            throw e instanceof IOException io ? io : new IOException(output + ": " + e.getMessage(), e);
        }
        Files.move(rewritten, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return index;
    }

    private void take(String text, Writer out) throws IOException {
        NdjsonRecordKey key = NdjsonRecordKey.parse(text);
        if (key == null) {
            unreadable++;
        } else if (CANCELLED.equals(key.errorKind())) {
            cancelled++;
        } else if (done.add(key(key.line(), key.name()))) {
            kept++;
            out.write(text);
            out.write('\n');
        }
    }

    /** Whether the target of this line (and DNS question name, or null) already has a final record. */
    public boolean done(long line, String name) {
        return done.contains(key(line, name));
    }

    /** Final records kept from the earlier run. */
    public long kept() {
        return kept;
    }

    /** CANCELLED records dropped, to be run again. */
    public long cancelled() {
        return cancelled;
    }

    /** Lines that were not whole records (a write cut short by a kill), dropped. */
    public long unreadable() {
        return unreadable;
    }

    /**
     * The targets still to run: those of {@code targets} without a final record.
     *
     * @param line the input line of a target
     * @param name the DNS question name of a target, or null
     */
    public <T> TargetSource<T> remaining(TargetSource<T> targets, ToLongFunction<T> line, Function<T, String> name) {
        return new Remaining<>(targets) {
            @Override
            protected T advance() {
                while (targets.hasNext()) {
                    T t = targets.next();
                    if (!done(line.applyAsLong(t), name.apply(t))) {
                        return t;
                    }
                }
                return null;
            }
        };
    }

    private static long key(long line, String name) {
        long h = line * 0x9E3779B97F4A7C15L;
        if (name != null) {
            long n = 0xcbf29ce484222325L;
            for (int i = 0; i < name.length(); i++) {
                n = (n ^ Character.toLowerCase(name.charAt(i))) * 0x100000001b3L;
            }
            h ^= n * 0xC2B2AE3D27D4EB4FL + 1;
        }
        return h;
    }

    /** The targets without a final record, passing on what the source skipped. */
    private abstract static class Remaining<T> extends LazyIterator<T> implements TargetSource<T> {
        private final TargetSource<T> targets;

        Remaining(TargetSource<T> targets) {
            this.targets = targets;
        }

        @Override
        public long skippedLines() {
            return targets.skippedLines();
        }
    }
}
