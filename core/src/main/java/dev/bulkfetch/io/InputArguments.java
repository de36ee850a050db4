package dev.bulkfetch.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The positional arguments of a command as one stream of numbered lines: {@code -} is standard
 * input, an existing file is read line by line, anything else is a target written on the command
 * line, unless it looks like a file name ({@link FileNameShape}): then it must be a file that can be
 * read. Files are opened one at a time, when their turn comes; {@link #open} checks them all first.
 */
public final class InputArguments extends LazyIterator<InputLine> implements AutoCloseable {
    /** The reason given for a missing file whose name is no target either. */
    static final String NO_SUCH_FILE = "no such file, and not a target either";

    private final Iterator<String> args;
    private final InputStream stdin;
    private LineReader current;
    /** The argument current reads: {@code -} or a file name. */
    private String currentName;
    private long number;

    /** Arguments that are read as they come: a file that cannot be read ends the run when its turn comes. */
    public InputArguments(List<String> args, InputStream stdin) {
        this.args = List.copyOf(args.isEmpty() ? List.of("-") : args).iterator();
        this.stdin = stdin;
    }

    /**
     * Arguments checked before anything is read, so that a missing or unreadable input file stops a
     * command before it has started rather than half-way.
     *
     * @throws UnusableFileException naming the first argument that is a file name but no readable file
     */
    public static InputArguments open(List<String> args, InputStream stdin) throws UnusableFileException {
        for (String arg : args) {
            if (isFile(arg)) {
                UnusableFileException.checkReadable(Path.of(arg));
            }
        }
        return new InputArguments(args, stdin);
    }

    @Override
    protected InputLine advance() {
        while (true) {
            if (current != null) {
                InputLine line = nextLine();
                if (line != null) {
                    number++;
                    return line;
                }
            }
            if (!args.hasNext()) {
                return null;
            }
            String arg = args.next();
            currentName = arg;
            if (arg.equals("-")) {
                current = new LineReader(stdin);
            } else if (readAsFile(arg)) {
                current = new LineReader(openFile(arg));
            } else {
                number++;
                return new InputLine(number, arg, null);
            }
        }
    }

    /** The next line of the current file, or null (and the file closed) at its end. */
    private InputLine nextLine() {
        try {
            InputLine line = current.next(number + 1);
            if (line == null) {
                current.close();
                current = null;
            }
            return line;
        } catch (IOException e) {
            String name = currentName.equals("-") ? "standard input" : currentName;
            throw unchecked(new UnusableFileException("read", name, UnusableFileException.reason(e)));
        }
    }

    private static boolean readAsFile(String arg) {
        try {
            return isFile(arg);
        } catch (UnusableFileException e) {
            throw unchecked(e);
        }
    }

    private static InputStream openFile(String arg) {
        Path path = Path.of(arg);
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw unchecked(UnusableFileException.reading(path, e));
        }
    }

    /** A file that failed during the run: the engine ends it, saying "cannot read input: " before this. */
    private static UncheckedIOException unchecked(UnusableFileException e) {
        return new UncheckedIOException(e.path() + ": " + e.reason(), e);
    }

    /**
     * Whether an argument is to be read as a file: it names something that exists and is no directory
     * (a file, a pipe, {@code /dev/stdin}). Any other argument is a target, unless it looks like a file
     * name: then it is taken for a file that is not there, not for a target.
     *
     * @throws UnusableFileException for a file name that names no file (missing, a directory)
     */
    private static boolean isFile(String arg) throws UnusableFileException {
        if (arg.equals("-")) {
            return false;
        }
        Path path;
        try {
            path = Path.of(arg);
        } catch (InvalidPathException e) {
            return false; // not a valid path (a NUL in it): a target, which the target parser will judge
        }
        if (arg.startsWith("/dev/fd/") || Files.exists(path) && !Files.isDirectory(path)) {
            return true;
        }
        if (!FileNameShape.looksLikeFileName(arg)) {
            return false; // a target, even when a directory of that name exists (a folder named example.com)
        }
        String reason = UnusableFileException.readProblem(path);
        throw new UnusableFileException("read", arg, reason == null || reason.equals("no such file") ? NO_SUCH_FILE
                : reason);
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
    }
}
