package dev.bulkfetch.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The positional arguments of a command as one stream of numbered lines: {@code -} is standard
 * input, an existing file is read line by line, anything else is a target written on the command
 * line. Files are opened one at a time, when their turn comes.
 */
public final class InputArguments extends LazyIterator<InputLine> implements AutoCloseable {
    private final Iterator<String> args;
    private final InputStream stdin;
    private LineReader current;
    private long number;

    public InputArguments(List<String> args, InputStream stdin) {
        this.args = List.copyOf(args.isEmpty() ? List.of("-") : args).iterator();
        this.stdin = stdin;
    }

    @Override
    protected InputLine advance() {
        try {
            while (true) {
                if (current != null) {
                    InputLine line = current.next(number + 1);
                    if (line != null) {
                        number++;
                        return line;
                    }
                    if (current != null) {
                        current.close();
                    }
                    current = null;
                }
                if (!args.hasNext()) {
                    return null;
                }
                String arg = args.next();
                if (arg.equals("-")) {
                    current = new LineReader(stdin);
                } else if (looksLikeFile(arg)) {
                    current = new LineReader(Files.newInputStream(Path.of(arg)));
                } else {
                    number++;
                    return new InputLine(number, arg, null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input: " + e.getMessage(), e);
        }
    }

    private static boolean looksLikeFile(String arg) {
        try {
            return Files.isRegularFile(Path.of(arg)) || arg.startsWith("/dev/fd/");
        } catch (RuntimeException e) {
            return false; // not a valid path: a target
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
    }
}
