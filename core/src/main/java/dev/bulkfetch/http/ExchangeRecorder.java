package dev.bulkfetch.http;

import io.netty.buffer.ByteBuf;

import java.time.Instant;
import java.util.Arrays;

/**
 * The bytes of one exchange kept for archiving: the request as written, and the response bytes the decoder
 * consumed while this exchange was the one being answered. Bounded: past its cap the response is cut and marked
 * truncated, so a server that sends without end costs no more memory than the fetch's own limits allow.
 */
final class ExchangeRecorder {
    /** room for framing (chunk sizes, interim heads) on top of the body and head limits */
    private static final int SLACK = 64 * 1024;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final Instant date = Instant.now();
    private final byte[] request;
    private final int cap;
    private byte[] response;
    private int length;
    private boolean truncated;

    /**
     * @param maxBody        the fetch's body cap; the wire may carry a quarter more for framing before the
     *                       capture is cut (a compressed body is smaller on the wire than decoded)
     * @param maxHeaderBytes the engine's head size limit
     */
    ExchangeRecorder(byte[] request, long maxBody, int maxHeaderBytes) {
        this.request = request;
        long limit = maxBody + maxBody / 4 + maxHeaderBytes + SLACK;
        this.cap = (int) Math.min(MAX_ARRAY, limit < 0 ? MAX_ARRAY : limit);
        this.response = new byte[Math.min(cap, 2048)];
    }

    /** Copies {@code n} bytes of {@code in} from {@code index} (readers' positions are left alone). */
    void append(ByteBuf in, int index, int n) {
        if (n > cap - length) {
            truncated = true;
            n = cap - length;
        }
        if (length + n > response.length) {
            response = Arrays.copyOf(response, (int) Math.min(cap, Math.max(length + (long) n, 2L * response.length)));
        }
        in.getBytes(index, response, length, n);
        length += n;
    }

    WireCapture capture(HttpUrl url, String ip) {
        byte[] bytes = length == response.length ? response : Arrays.copyOf(response, length);
        return new WireCapture(url.toString(), ip, date, request, bytes, truncated);
    }
}
