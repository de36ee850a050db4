package dev.bulkfetch.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file a command was given that it cannot read or write, with the message a user sees:
 * {@code cannot read run.hlog: is a directory}. The path is named once, the reason after it in the
 * words of the file system ("no such file", "permission denied"), never the JDK's own message, which
 * repeats the path ({@code NoSuchFileException}'s message is the path alone).
 */
public final class UnusableFileException extends IOException {
    private final String path;
    private final String reason;

    /**
     * @param verb   {@code read} or {@code write}
     * @param path   the path as the user wrote it
     * @param reason what is wrong with it, without the path
     */
    public UnusableFileException(String verb, String path, String reason) {
        super("cannot " + verb + " " + path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    private UnusableFileException(String verb, Path path, String reason, IOException cause) {
        this(verb, path.toString(), reason);
        initCause(cause);
    }

    /** The path as the user wrote it. */
    public String path() {
        return path;
    }

    /** What is wrong with the file, without its path. */
    public String reason() {
        return reason;
    }

    /** Why {@code file} could not be opened for reading, or read: {@code failure} in a user's words. */
    public static UnusableFileException reading(Path file, IOException failure) {
        if (failure instanceof UnusableFileException u) {
            return u;
        }
        String reason = readProblem(file);
        return new UnusableFileException("read", file, reason != null ? reason : reason(failure), failure);
    }

    /** Why {@code file} could not be created or written: {@code failure} in a user's words. */
    public static UnusableFileException writing(Path file, IOException failure) {
        if (failure instanceof UnusableFileException u) {
            return u;
        }
        String reason = writeProblem(file);
        return new UnusableFileException("write", file, reason != null ? reason : reason(failure), failure);
    }

    /** Fails unless {@code file} is a readable file (not a directory). */
    public static void checkReadable(Path file) throws UnusableFileException {
        String reason = readProblem(file);
        if (reason != null) {
            throw new UnusableFileException("read", file.toString(), reason);
        }
    }

    /**
     * Fails unless {@code file} can be created or replaced: its directory exists and it is not a
     * directory itself. Checked before a run, for outputs written only at its end.
     */
    public static void checkWritable(Path file) throws UnusableFileException {
        String reason = writeProblem(file);
        if (reason != null) {
            throw new UnusableFileException("write", file.toString(), reason);
        }
    }

    /** What the file system says is wrong with reading {@code file}, or null if nothing visible is. */
    static String readProblem(Path file) {
        if (Files.isDirectory(file)) {
            return "is a directory";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        return Files.isReadable(file) ? null : "permission denied";
    }

    private static String writeProblem(Path file) {
        if (Files.isDirectory(file)) {
            return "is a directory";
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return Files.exists(parent) ? "its directory is a file" : "its directory does not exist";
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            return "permission denied";
        }
        return null;
    }

    /** The reason of an I/O failure without the path that the JDK's messages put in front of it. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String text = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (text == null || text.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        // errno texts start with a capital ("Is a directory"); after a colon they read on in lower case
        return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
