package dev.bulkfetch.io;

import dev.bulkfetch.http.HttpFetchResult;
import dev.bulkfetch.http.WireCapture;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Archives every successful fetch as WARC 1.1 records, then hands the result on to the next sink (the NDJSON
 * one): per exchange (each hop of a redirect chain) a request record and a response record that name each other
 * in WARC-Concurrent-To, whose blocks are the bytes as they crossed the wire, with WARC-IP-Address, SHA-1 block
 * and payload digests (the payload de-chunked but still content-coded, as WARC 1.1 defines it). Failed fetches
 * are not archived; their records are in the NDJSON. Runs on the writer thread: digests, compression and file
 * I/O stay off the event loop.
 */
public final class WarcSink implements ResultSink<HttpResult> {
    private final WarcFiles files;
    private final ResultSink<HttpResult> next;
    private final MessageDigest sha1;

    /** The engine must capture exchanges ({@code HttpEngineConfig.captureWire}); results without captures pass. */
    public WarcSink(WarcFiles files, ResultSink<HttpResult> next) {
        this.files = files;
        this.next = next;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }

    @Override
    public void write(HttpResult result) throws IOException {
        HttpFetchResult f = result.fetch();
        if (f != null && result.error() == null && f.captures() != null) {
            for (WireCapture c : f.captures()) {
                archive(c);
            }
        }
        next.write(result);
    }

    private void archive(WireCapture c) throws IOException {
        UUID requestId = UUID.randomUUID();
        UUID responseId = UUID.randomUUID();
        WarcRequest request = new WarcRequest.Builder(c.url()).version(MessageVersion.WARC_1_1).recordId(requestId)
                .date(c.date()).setHeader("WARC-IP-Address", c.ip()).concurrentTo(urn(responseId))
                .body(MediaType.HTTP_REQUEST, c.request()).blockDigest(digest(c.request())).build();
        WarcResponse.Builder response = new WarcResponse.Builder(c.url()).version(MessageVersion.WARC_1_1)
                .recordId(responseId).date(c.date()).setHeader("WARC-IP-Address", c.ip()).concurrentTo(urn(requestId))
                .body(MediaType.HTTP_RESPONSE, c.response()).blockDigest(digest(c.response()));
        if (c.truncated()) {
            // the payload's end is missing: a digest of what is there would name no payload
            response.truncated(WarcTruncationReason.LENGTH);
        } else {
            HttpPayload.payload(c.response(), c.headRequest(), sha1::update);
            response.payloadDigest(new WarcDigest(sha1));
        }
        files.write(request, response.build());
    }

    private WarcDigest digest(byte[] block) {
        sha1.update(block);
        return new WarcDigest(sha1);
    }

    private static URI urn(UUID id) {
        return URI.create("urn:uuid:" + id);
    }

    @Override
    public void flush() throws IOException {
        files.flush();
        next.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            files.close();
        } finally {
            next.close();
        }
    }
}
