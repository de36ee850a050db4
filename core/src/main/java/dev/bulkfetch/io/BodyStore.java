package dev.bulkfetch.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Decoded bodies on disk, one file per distinct content named by its SHA-256 (so a body served by
 * many URLs is stored once), in two-level fan-out folders. Used by the writer thread only.
 */
public final class BodyStore {
    private final Path root;

    public BodyStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    public void store(String sha256, byte[] body) throws IOException {
        Path dir = root.resolve(sha256.substring(0, 2));
        Path file = dir.resolve(sha256);
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(dir);
        try {
            Files.write(file, body, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException ignored) {
            // stored by an earlier record: same content by definition
        }
    }
}
