package dev.bulkfetch.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bulkfetch testbed --write-content DIR}: writes the content of the real-server testbeds from the
 * one definition the embedded testbed serves, so that nginx, NSD and the embedded servers cannot drift apart.
 *
 * <pre>{@code
 * DIR/www/    the nginx document tree: HttpTestbedDocumentTree's files, each with FILE.gz for gzip_static
 * DIR/zones/  18.198.in-addr.arpa.zone, the reverse zone of 198.18.0.0/16 for NSD
 * }</pre>
 */
public final class TestbedContentWriter {
    /** The document tree's directory below the one given. */
    public static final String WWW = "www";
    /** The zone files' directory below the one given. */
    public static final String ZONES = "zones";

    private TestbedContentWriter() {
    }

    /** Writes (or overwrites) every file below {@code dir}, creating directories; returns the files written. */
    public static List<Path> write(Path dir) throws IOException {
        Path www = Files.createDirectories(dir.resolve(WWW));
        Path zones = Files.createDirectories(dir.resolve(ZONES));
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : HttpTestbedDocumentTree.files().entrySet()) {
            written.add(Files.write(www.resolve(file.getKey()), file.getValue()));
            written.add(Files.write(www.resolve(file.getKey() + ".gz"), HttpTestbedGzipFile.of(file.getValue())));
        }
        written.add(Files.write(zones.resolve(DnsTestbedReverseZoneFile.ORIGIN + ".zone"), DnsTestbedReverseZoneFile.text()));
        return List.copyOf(written);
    }
}
