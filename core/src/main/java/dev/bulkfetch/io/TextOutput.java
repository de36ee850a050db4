package dev.bulkfetch.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the text destination of a sink: a file, or standard output for {@code -} / no file. */
public final class TextOutput {
    private static final int BUFFER = 1 << 18;

    private TextOutput() {
    }

    public static Writer open(Path file, boolean append) throws IOException {
        OutputStream os;
        if (file == null || file.toString().equals("-")) {
            os = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        } else if (append) {
            os = Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } else {
            os = Files.newOutputStream(file);
        }
        return new Utf8Writer(os, BUFFER);
    }
}
