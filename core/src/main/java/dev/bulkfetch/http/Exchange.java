package dev.bulkfetch.http;

import io.netty.handler.codec.http.HttpHeaders;

import java.net.InetAddress;

/**
 * One request and its response on one connection: what the response handler fills in as bytes
 * arrive, and the clocks of the phases.
 */
final class Exchange {
    final Fetch fetch;
    final HttpUrl url;
    final InetAddress address;
    HttpConnection connection;

    long connectNanos = -1;
    long tlsNanos = -1;
    /** when this exchange became the one the connection is answering (its first-byte clock starts) */
    long headSinceNanos;
    long writtenNanos;
    long firstByteNanos;
    long ttfbNanos = -1;

    int status = -1;
    String version;
    HttpHeaders headers;
    boolean chunked;
    String contentEncoding;
    boolean keepAlive = true;
    long wireBytes;
    /** some response bytes arrived: a retry elsewhere would not be safe to hide */
    boolean answered;
    /** the decoded bytes read before the body outgrew its cap, when the fetch keeps its body */
    byte[] partialBody;
    /** the bytes of this exchange, when the engine captures them for archiving */
    ExchangeRecorder wire;

    Exchange(Fetch fetch, InetAddress address) {
        this.fetch = fetch;
        this.url = fetch.url;
        this.address = address;
        fetch.exchange = this;
    }
}
