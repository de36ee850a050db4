package dev.bulkfetch.http;

import dev.bulkfetch.error.FetchException;
import dev.bulkfetch.error.ErrorKind;
import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a response body goes: decoded (gzip, deflate) within the size cap, counted, hashed with
 * SHA-256, and kept in memory only when bodies are stored. One per connection, reused for every
 * response on it, and used by one thread at a time: the event loop, or for bodies decoded off the loop the
 * connection's {@link OffLoopBody} worker.
 */
final class BodySink implements AutoCloseable {
    /**
     * Cloned rather than looked up per sink: a sink per connection is a lookup per request with
     * Connection: close, and the provider lookup (a synchronized service search) was the loop's
     * hottest Java frame in that mode.
     */
    private static final MessageDigest SHA256 = sha256();

    private final ContentDecoder decoder = new ContentDecoder();
    private final MessageDigest sha256;
    private final ContentDecoder.Output output = this::decoded;
    private ByteArrayOutputStream stored;
    private boolean decoding;
    private boolean passThrough;
    private long passedBytes;
    private long maxBody;

    BodySink() {
        MessageDigest d;
        try {
            d = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            d = sha256(); // a provider whose digests cannot be cloned
        }
        this.sha256 = d;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /**
     * Starts a body.
     *
     * @param store keep the decoded bytes for {@link #body()}
     *
     * @return the encoding that will be decoded ({@code gzip}, {@code deflate}), or the header value as
     *         it is when bodies pass through undecoded, or null for identity
     */
    String begin(String contentEncoding, boolean decode, long maxBody, boolean store) {
        sha256.reset();
        this.maxBody = maxBody;
        passedBytes = 0;
        stored = store ? new ByteArrayOutputStream() : null;
        decoding = true;
        passThrough = !decode || !decoder.begin(contentEncoding, maxBody);
        if (passThrough) {
            return contentEncoding == null || contentEncoding.isBlank() ? null : contentEncoding.trim();
        }
        String e = decoder.encoding();
        return "identity".equals(e) ? null : e;
    }

    /**
     * What {@link #begin} returns for these arguments, computed without touching the sink: the loop records it
     * while the sink itself is busy on a decode worker.
     */
    static String describe(String contentEncoding, boolean decode) {
        String coding = decode ? ContentDecoder.codingOf(contentEncoding) : null;
        if (coding == null) {
            return contentEncoding == null || contentEncoding.isBlank() ? null : contentEncoding.trim();
        }
        return "identity".equals(coding) ? null : coding;
    }

    void accept(ByteBuf content) throws FetchException {
        if (!content.isReadable()) {
            return;
        }
        if (passThrough) {
            int n = content.readableBytes();
            if (passedBytes + n > maxBody) {
                throw new FetchException(ErrorKind.BODY_TOO_LARGE, "body larger than " + maxBody + " bytes");
            }
            passedBytes += n;
            if (content.hasArray()) {
                decoded(content.array(), content.arrayOffset() + content.readerIndex(), n);
            } else {
                byte[] copy = new byte[n];
                content.getBytes(content.readerIndex(), copy);
                decoded(copy, 0, n);
            }
            return;
        }
        decoder.feed(content, output);
    }

    /** Ends the body and returns its decoded size; {@link #sha256Hex()} and {@link #body()} follow. */
    long end() throws FetchException {
        decoding = false;
        if (passThrough) {
            return passedBytes;
        }
        decoder.end(output);
        return decoder.decodedBytes();
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    byte[] body() {
        return stored == null ? null : stored.toByteArray();
    }

    private void decoded(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        if (stored != null) {
            stored.write(bytes, offset, length);
        }
    }

    boolean inBody() {
        return decoding;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
