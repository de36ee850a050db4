package dev.bulkfetch.http;

import dev.bulkfetch.error.FetchException;
import dev.bulkfetch.loop.BatchFlusher;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

import java.net.InetAddress;
import java.util.ArrayDeque;

/**
 * One keep-alive connection to an origin and the exchanges on it, answered strictly in order
 * (HTTP/1.1 pipelining when the depth allows more than one). The pipeline handlers report what
 * arrives; this class decides which exchange it belongs to and when the connection can take more.
 */
final class HttpConnection implements BatchFlusher.Target {
    final HostPool pool;
    final InetAddress address;
    Channel channel;
    final ArrayDeque<Exchange> inFlight = new ArrayDeque<>(4);
    final BodySink body;
    private final HttpEngine engine;
    private boolean unflushed;
    boolean active;
    /** in its pool's list of connections with room */
    boolean listed;
    boolean closing;
    /** false once a response said Connection: close, or was HTTP/1.0 without keep-alive */
    boolean reusable = true;
    long connectStartNanos;
    long connectNanos = -1;
    long tlsNanos = -1;
    boolean timingsReported;
    String tlsVersion;
    String tlsCipher;
    long lastReadNanos;
    /** bytes read from the channel, and bytes of them the decoder had consumed when the last response ended */
    long bytesRead;
    long consumedAtLastResponse;
    HeadAwareResponseDecoder decoder;
    ReadDeadlineHandler deadlines;

    /** the peer's address as text, made once for every record of this connection */
    final String ip;
    /** keep each exchange's bytes for archiving */
    final boolean captureWire;

    HttpConnection(HttpEngine engine, HostPool pool, InetAddress address) {
        this.engine = engine;
        this.pool = pool;
        this.address = address;
        this.ip = address.getHostAddress();
        this.body = new BodySink();
        this.captureWire = engine.config().captureWire();
    }

    boolean hasRoom() {
        return active && !closing && reusable && inFlight.size() < pool.depth();
    }

    /** Writes the request of an exchange; it leaves with this batch's flush. */
    void send(Exchange ex) {
        ex.connection = this;
        if (!timingsReported) {
            timingsReported = true;
            ex.connectNanos = connectNanos;
            ex.tlsNanos = tlsNanos;
        }
        ex.writtenNanos = System.nanoTime();
        if (inFlight.isEmpty()) {
            ex.headSinceNanos = ex.writtenNanos;
        }
        inFlight.addLast(ex);
        ex.fetch.attempts++;
        String host = ex.url.hostHeader();
        ByteBuf buf = channel.alloc().ioBuffer(engine.requests().sizeHint(ex.url, host));
        engine.requests().write(buf, ex.fetch.options.head(), ex.url, host);
        if (captureWire) {
            byte[] request = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), request);
            ex.wire = new ExchangeRecorder(request, ex.fetch.options.maxBody(), engine.config().maxHeaderBytes());
        }
        channel.write(buf, channel.voidPromise());
        deadlines.arm();
        if (!unflushed) {
            unflushed = true;
            engine.flusher().schedule(this);
        }
    }

    @Override
    public void flushBatch() {
        unflushed = false;
        channel.flush();
    }

    /** The exchange the next response bytes belong to, or null when none was asked for. */
    Exchange head() {
        return inFlight.peekFirst();
    }

    boolean headIsHead() {
        Exchange ex = inFlight.peekFirst();
        return ex != null && ex.fetch.options.head();
    }

    void onBytes(int n) {
        lastReadNanos = System.nanoTime();
        bytesRead += n;
        Exchange ex = inFlight.peekFirst();
        if (ex != null && ex.firstByteNanos == 0) {
            firstByte(ex);
        }
    }

    private void firstByte(Exchange ex) {
        ex.firstByteNanos = lastReadNanos;
        ex.ttfbNanos = Math.max(0, lastReadNanos - ex.writtenNanos);
        ex.answered = true;
    }

    /**
     * Response bytes the decoder just consumed, kept when capturing: they belong to the exchange being answered,
     * since the decoder ends a response before it reads a byte of the next.
     */
    void onConsumed(ByteBuf in, int index, int n) {
        Exchange ex = inFlight.peekFirst();
        if (n > 0 && ex != null && ex.wire != null) {
            ex.wire.append(in, index, n);
        }
    }

    /** Bytes of the current response consumed by the decoder so far (head, framing, body). */
    private long consumedForCurrent() {
        return bytesRead - decoder.buffered() - consumedAtLastResponse;
    }

    void onResponseHead(HttpResponse response) throws FetchException {
        Exchange ex = requireHead();
        int code = response.status().code();
        if (code < 100 || code > 999) {
            // lenient line parsing lets odd bytes through; a status must still be three digits
            throw new FetchException(ErrorKind.MALFORMED_RESPONSE, "invalid status code " + code);
        }
        if (response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL
                && response.status().code() != 101) {
            return; // 1xx interim: the final response follows on the same exchange
        }
        ex.status = response.status().code();
        ex.version = response.protocolVersion().text();
        ex.headers = response.headers();
        ex.chunked = HttpUtil.isTransferEncodingChunked(response);
        ex.keepAlive = HttpUtil.isKeepAlive(response);
        if (!ex.keepAlive) {
            reusable = false;
            if (inFlight.size() > 1) {
                pool.stopPipelining();
            }
        }
        ex.contentEncoding = body.begin(response.headers().get(HttpHeaderNames.CONTENT_ENCODING),
                engine.config().compression(), ex.fetch.options.maxBody(), ex.fetch.options.keepBody());
    }

    void onContent(HttpContent content) throws FetchException {
        Exchange ex = requireHead();
        if (ex.status < 0) {
            return; // body of an interim response: there is none to keep
        }
        body.accept(content.content());
        if (content instanceof LastHttpContent) {
            complete(ex);
        }
    }

    private Exchange requireHead() throws FetchException {
        Exchange ex = inFlight.peekFirst();
        if (ex == null) {
            throw new FetchException(ErrorKind.MALFORMED_RESPONSE, "response without a request");
        }
        return ex;
    }

    private void complete(Exchange ex) throws FetchException {
        long decoded = body.end();
        inFlight.pollFirst();
        ex.wireBytes = consumedForCurrent();
        consumedAtLastResponse += ex.wireBytes;
        Exchange next = inFlight.peekFirst();
        if (next != null) {
            next.headSinceNanos = System.nanoTime();
            if (decoder.buffered() > 0) {
                firstByte(next); // its bytes came in the same read as the end of the previous response
            }
        } else if (decoder.buffered() > 0) {
            // Bytes behind a response that no request is waiting for: the server replied ahead of a request it
            // has not seen. Sent on this connection, the next request would take them for its answer.
            reusable = false;
        }
        engine.onExchangeDone(ex, decoded, body.sha256Hex(), body.body());
        if (!reusable) {
            close(null);
        } else {
            pool.onRoom(this);
        }
    }

    /**
     * Ends the connection. The exchange being answered gets {@code error} (if any); requests behind
     * it that got no byte go back to the pool for another connection.
     */
    void close(BulkError error) {
        if (closing) {
            return;
        }
        closing = true;
        engine.forget(this);
        body.close();
        if (channel != null && channel.isRegistered()) {
            channel.close(); // a channel that could not be created is never registered: there is nothing to close
        }
        Exchange head = inFlight.pollFirst();
        if (head != null && error != null && error.kind() == ErrorKind.BODY_TOO_LARGE) {
            head.partialBody = body.body();
        }
        if (head != null && head.answered && decoder != null) {
            head.wireBytes = consumedForCurrent();
        }
        if (head != null && error != null && resetByPipelining(head, error)) {
            // A server that closes with pipelined requests still unread makes its kernel send a reset,
            // which can destroy the response on its way. GET and HEAD are safe to send again, alone.
            pool.stopPipelining();
            pool.submit(new Exchange(head.fetch, head.address));
        } else if (head != null && error != null) {
            engine.onExchangeFailed(head, error);
        } else if (head != null) {
            inFlight.addFirst(head);
        }
        pool.onClosed(this, error);
    }

    /**
     * The connect found no file descriptor (EMFILE, ENFILE): the channel was never created, so there is nothing
     * to close and nothing was sent; the pool keeps the requests for a later connection.
     */
    void abandon(String reason) {
        closing = true;
        engine.forget(this);
        body.close();
        pool.onNoDescriptor(reason);
    }

    private boolean resetByPipelining(Exchange head, BulkError error) {
        return error.kind() == ErrorKind.CONNECTION_RESET && !inFlight.isEmpty() && !head.fetch.done
                && head.fetch.attempts < HostPool.MAX_ATTEMPTS;
    }

    /** Channel closed by the peer: a response cut short gets the error that fits. */
    void onInactive() {
        if (closing) {
            return;
        }
        Exchange head = inFlight.peekFirst();
        BulkError error = null;
        if (head != null && head.answered) {
            error = head.status < 0
                    ? BulkError.of(ErrorKind.MALFORMED_RESPONSE, "connection closed before the response head was complete")
                    : BulkError.of(ErrorKind.MALFORMED_RESPONSE, "connection closed before the body was complete"
                        + (head.headers != null && head.headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                            ? " (shorter than its Content-Length)" : ""));
        }
        close(error);
    }
}
