package dev.bulkfetch.io;

import dev.bulkfetch.Version;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WARC files of a run, gzip-compressed record by record, each opening with a warcinfo record. Without a
 * size limit the records go to the file named, as named; with one, to {@code name-00001.warc.gz},
 * {@code name-00002.warc.gz}, ..., a new file beginning once the current one has reached the limit (records that
 * belong together are never split, so a file can pass the limit by one such group). Used by the writer thread
 * only.
 */
public final class WarcFiles implements Closeable {
    private static final String FORMAT = "WARC File Format 1.1";
    private static final String CONFORMS_TO =
            "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/";

    private final Path path;
    private final long maxSize;
    private final boolean append;
    private final List<Path> files = new ArrayList<>();
    private int index;
    private OutputStream stream;
    private WarcWriter writer;
    private boolean closed;

    /**
     * Opens the first file at once, so that a path that cannot be written fails before the run starts.
     *
     * @param maxSize bytes after which a new file begins, or 0 for one file named {@code path}
     * @param append  add to the file(s) of an earlier run (a resumed one): append to {@code path}, or begin after
     *                the highest numbered file that exists; else existing files are replaced
     */
    public WarcFiles(Path path, long maxSize, boolean append) throws IOException {
        if (maxSize < 0) {
            throw new IllegalArgumentException("WARC file size limit must not be negative");
        }
        this.path = path;
        this.maxSize = maxSize;
        this.append = append;
        if (append && maxSize > 0) {
            while (Files.exists(numbered(index + 1))) {
                index++;
            }
        }
        open();
    }

    /** Writes records that belong together (a request and its response) into one file, in order. */
    public void write(WarcRecord... records) throws IOException {
        if (maxSize > 0 && writer.position() >= maxSize) {
            writer.close();
            open();
        }
        for (WarcRecord r : records) {
            writer.write(r);
        }
    }

    public void flush() throws IOException {
        stream.flush();
    }

    /** The files written to, in order. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }

    private void open() throws IOException {
        Path file = maxSize > 0 ? numbered(++index) : path;
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        stream = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, mode), 64 * 1024);
        writer = new WarcWriter(Channels.newChannel(stream), WarcCompression.GZIP);
        files.add(file);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("software", List.of("bulkfetch/" + Version.VERSION));
        fields.put("format", List.of(FORMAT));
        fields.put("conformsTo", List.of(CONFORMS_TO));
        writer.write(new Warcinfo.Builder().version(MessageVersion.WARC_1_1).date(Instant.now())
                .filename(file.getFileName().toString()).fields(fields).build());
    }

    /** {@code name-NNNNN.warc.gz} beside {@code path}, whose {@code .warc.gz}, {@code .warc} or {@code .gz} goes. */
    Path numbered(int n) {
        String name = path.getFileName().toString();
        for (String suffix : new String[] {".warc.gz", ".warc", ".gz"}) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        return path.resolveSibling(String.format("%s-%05d.warc.gz", name, n));
    }
}
