package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request and its response on one connection: what the connection learns as bytes arrive, and the
 * clocks of the phases. The connection tells it what happened (sent, first byte, head, ended); the result
 * of its fetch is read from it.
 */
final class Exchange {
    private final Fetch fetch;
    private final HttpUrl url;
    private final InetAddress address;
    private HttpConnection connection;

    private long connectNanos = -1;
    private long tlsNanos = -1;
    /** when this exchange became the one the connection is answering (its first-byte clock starts) */
    private long headSinceNanos;
    private long writtenNanos;
    private boolean pipelined;
    private long firstByteNanos;
    private long ttfbNanos = -1;

    private int status = -1;
    private String version;
    private HttpHeaders headers;
    private boolean chunked;
    private String contentEncoding;
    private long wireBytes;
    /** some response bytes arrived: a retry elsewhere would not be safe to hide */
    private boolean answered;
    /** the decoded bytes read before the body outgrew its cap, when the fetch keeps its body */
    private byte[] partialBody;
    /** the bytes of this exchange, when the engine captures them for archiving */
    private ExchangeRecorder wire;

    Exchange(Fetch fetch, InetAddress address) {
        this.fetch = fetch;
        this.url = fetch.url();
        this.address = address;
        fetch.exchangeStarted(this);
    }

    /** The same request, to be sent again on another connection. */
    Exchange again() {
        return new Exchange(fetch, address);
    }

    Fetch fetch() {
        return fetch;
    }

    HttpUrl url() {
        return url;
    }

    InetAddress address() {
        return address;
    }

    HttpConnection connection() {
        return connection;
    }

    boolean headRequest() {
        return fetch.options().head();
    }

    /**
     * Its request was written on {@code c} at {@code now}; the connect and TLS durations are those of a new
     * connection's first request, -1 on a reused one.
     */
    void sent(HttpConnection c, long now, long connect, long tls, boolean answeringNow) {
        connection = c;
        connectNanos = connect;
        tlsNanos = tls;
        writtenNanos = now;
        if (answeringNow) {
            headSinceNanos = now;
        } else {
            pipelined = true;
        }
        fetch.requestSent();
    }

    /** Its request went out behind another one's on the same connection, still unanswered then. */
    boolean pipelined() {
        return pipelined;
    }

    /** Its request bytes, kept to archive the exchange. */
    void record(ExchangeRecorder recorder) {
        wire = recorder;
    }

    /** The response before it ended: this exchange is now the one being answered. */
    void answering(long now) {
        headSinceNanos = now;
    }

    long answeringSinceNanos() {
        return headSinceNanos;
    }

    boolean awaitingFirstByte() {
        return firstByteNanos == 0;
    }

    void firstByte(long now) {
        firstByteNanos = now;
        ttfbNanos = Math.max(0, now - writtenNanos);
        answered = true;
    }

    boolean answered() {
        return answered;
    }

    /** Response bytes as received, kept when capturing. */
    void received(ByteBuf in, int index, int n) {
        if (wire != null) {
            wire.append(in, index, n);
        }
    }

    /** The final response head arrived; returns whether the server keeps the connection alive after it. */
    boolean head(HttpResponse response) {
        status = response.status().code();
        version = response.protocolVersion().text();
        headers = response.headers();
        chunked = HttpUtil.isTransferEncodingChunked(response);
        return HttpUtil.isKeepAlive(response);
    }

    /** The body is decoded from this Content-Encoding (null: taken as is). */
    void decodedFrom(String encoding) {
        contentEncoding = encoding;
    }

    boolean hasFinalHead() {
        return status >= 0;
    }

    int status() {
        return status;
    }

    /** A response header, or null (also before the head arrived). */
    String header(CharSequence name) {
        return headers == null ? null : headers.get(name);
    }

    /** The response ended, or was cut short, after {@code bytes} on the wire. */
    void ended(long bytes) {
        wireBytes = bytes;
    }

    /** The body outgrew its cap: the bytes decoded before it are kept for the result. */
    void cutAtCap(byte[] decodedSoFar) {
        partialBody = decodedSoFar;
    }

    /** The fetch's deadline passed: a response being read now cannot be finished, nor its connection reused. */
    void abort(BulkError error) {
        if (connection != null && connection.head() == this) {
            connection.close(error);
        }
    }

    /** This exchange as it crossed the wire, or null when the engine does not capture. */
    WireCapture capture() {
        return wire == null ? null : wire.capture(url, connection.ip());
    }

    String ip() {
        return connection != null ? connection.ip() : address.getHostAddress();
    }

    HttpFetchResult.Tls tls() {
        return connection == null ? null : connection.tls();
    }

    String version() {
        return version;
    }

    PhaseTimings timings(long dnsNanos, long totalNanos) {
        return new PhaseTimings(dnsNanos, connectNanos, tlsNanos, ttfbNanos, totalNanos);
    }

    /** The body's figures; {@code body} null: the bytes decoded before a cap, if any were kept. */
    HttpFetchResult.Payload payload(long decodedBytes, String sha256, byte[] body) {
        return new HttpFetchResult.Payload(decodedBytes, wireBytes, contentEncoding, chunked, sha256,
                body != null ? body : partialBody);
    }

    List<Map.Entry<String, String>> headerList() {
        return headers == null ? null : List.copyOf(headers.entries());
    }

    /** Only where RFC 9110 gives it meaning to a client that will ask again: 429, 503 (and 3xx, not followed here). */
    Duration retryAfter() {
        if ((status != 429 && status != 503) || headers == null) {
            return null;
        }
        return RetryAfter.parse(headers.get(HttpHeaderNames.RETRY_AFTER), Instant.now());
    }
}
