package dev.bulkfetch.io;

import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcTargetRecord;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A WARC record read back with jwarc, copied out of the reader (whose records only live until the next one):
 * its type and links, the digests it states and the block digest jwarc computed while reading.
 */
record ArchivedRecord(Path file, String type, URI id, String version, String target, List<URI> concurrentTo,
                      String ip, Optional<WarcDigest> blockDigest, Optional<WarcDigest> calculatedBlockDigest,
                      Optional<WarcDigest> payloadDigest, String truncated, String filename, String contentType, byte[] block) {

    /** Every record of a file, in order. */
    static List<ArchivedRecord> readAll(Path file) throws IOException {
        List<ArchivedRecord> out = new ArrayList<>();
        try (WarcReader reader = new WarcReader(file)) {
            reader.calculateBlockDigest();
            for (WarcRecord r : reader) {
                byte[] block = r.body().stream().readAllBytes();
                String target = r instanceof WarcTargetRecord t ? t.target() : null;
                List<URI> concurrent = r instanceof WarcCaptureRecord c ? c.concurrentTo() : List.of();
                Optional<WarcDigest> payload = r instanceof WarcTargetRecord t ? t.payloadDigest() : Optional.empty();
                out.add(new ArchivedRecord(file, r.type(), r.id(), r.version().toString(), target, concurrent,
                        r.headers().first("WARC-IP-Address").orElse(null), r.blockDigest(), r.calculatedBlockDigest(),
                        payload, r.headers().first("WARC-Truncated").orElse(null),
                        r.headers().first("WARC-Filename").orElse(null), r.contentType().toString(), block));
            }
        }
        return out;
    }
}
