package dev.bulkfetch.cli;

import dev.bulkfetch.io.UnusableFileException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A bad option value found after parsing (e.g. an unreadable resolvers file): exit status 2. The file
 * problems of an option read {@code --output: cannot write /x/out: its directory does not exist}.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }

    /** The file an option names is unusable. */
    static UsageException file(String option, UnusableFileException e) {
        return new UsageException(option + ": " + e.getMessage());
    }

    /**
     * Fails unless the output file an option names can be created or replaced (null and {@code -},
     * standard output, can): checked before a run, so that a bad one costs no work and no other file.
     */
    static void checkWritable(String option, Path file) {
        if (file == null || file.toString().equals("-")) {
            return;
        }
        try {
            UnusableFileException.checkWritable(file);
        } catch (UnusableFileException e) {
            throw file(option, e);
        }
    }

    /** The file an option names could not be opened or read. */
    static UsageException cannotRead(String option, Path file, IOException e) {
        return file(option, UnusableFileException.reading(file, e));
    }

    /** The file an option names could not be created or written. */
    static UsageException cannotWrite(String option, Path file, IOException e) {
        return file(option, UnusableFileException.writing(file, e));
    }
}
