package dev.bulkfetch.http;

import dev.bulkfetch.error.FetchException;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import dev.bulkfetch.loop.BatchFlusher;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One keep-alive connection to an origin and the exchanges on it, answered strictly in order
 * (HTTP/1.1 pipelining when the depth allows more than one). The pipeline handlers report what
 * arrives; this class decides which exchange it belongs to and when the connection can take more.
 * {@link ConnectionFactory} opens it and tells it when it is connected and secured.
 *
 * <p>Compressed and large bodies are decoded and hashed off the loop ({@link OffLoopBody}) when the engine has
 * decode threads: the response then ends here as soon as its last byte is framed (the connection takes its next
 * request at once), and its exchange goes to the finisher when the worker hands the body's result back. Small
 * identity bodies stay on the loop, where hashing them costs less than handing them over.
 */
final class HttpConnection implements BatchFlusher.Target, OffLoopBody.Results {
    /** Identity bodies at least this long (by Content-Length) are hashed off the loop; compressed ones always. */
    static final long OFF_LOOP_MIN_BYTES = 32 * 1024;

    private final HostPool pool;
    private final ConnectionContext context;
    private final ArrayDeque<Exchange> inFlight = new ArrayDeque<>(4);
    private final BodySink body = new BodySink();
    /** decodes this connection's compressed and large bodies on a worker; made for the first such body */
    private OffLoopBody offLoop;
    /** the body being read now goes to {@link #offLoop} */
    private boolean bodyOffLoop;
    /** the peer's address as text, made once for every record of this connection */
    private final String ip;
    /** keep each exchange's bytes for archiving */
    private final boolean captureWire;
    private Channel channel;
    private HeadAwareResponseDecoder decoder;
    private ReadDeadlineHandler deadlines;
    private boolean unflushed;
    private boolean open;
    /** in its pool's list of connections with room */
    private boolean listed;
    private boolean closing;
    /** false once a response said Connection: close, or was HTTP/1.0 without keep-alive */
    private boolean reusable = true;
    private long connectStartNanos;
    private long connectNanos = -1;
    private long tlsNanos = -1;
    private boolean timingsReported;
    private HttpFetchResult.Tls tls;
    private long lastReadNanos;
    /** bytes read from the channel, and bytes of them the decoder had consumed when the last response ended */
    private long bytesRead;
    private long consumedAtLastResponse;

    HttpConnection(ConnectionContext context, HostPool pool, InetAddress address) {
        this.context = context;
        this.pool = pool;
        this.ip = address.getHostAddress();
        this.captureWire = context.config().captureWire();
    }

    /** Its channel exists and the connect under way since {@code startNanos}. */
    void connecting(Channel ch, long startNanos) {
        channel = ch;
        connectStartNanos = startNanos;
    }

    /** The pipeline handlers that report to this connection were added. */
    void installed(ReadDeadlineHandler readDeadlines, HeadAwareResponseDecoder responseDecoder) {
        deadlines = readDeadlines;
        decoder = responseDecoder;
    }

    /** The TCP connect succeeded. */
    void connected() {
        connectNanos = System.nanoTime() - connectStartNanos;
    }

    /** The TLS handshake succeeded after {@code nanos}. */
    void secured(long nanos, HttpFetchResult.Tls session) {
        tlsNanos = nanos;
        tls = session;
    }

    /** Ready for requests (connected, and secured for https): the pool gives it the waiting ones. */
    void opened() {
        if (closing) {
            return;
        }
        open = true;
        pool.onRoom(this);
    }

    /** It came up before it closed (else the request it was opened for fails with it). */
    boolean wasOpened() {
        return open;
    }

    boolean isClosing() {
        return closing;
    }

    /** Nothing said it would close: no response asked to, and none came unasked. */
    boolean reusable() {
        return reusable;
    }

    boolean capturesWire() {
        return captureWire;
    }

    String ip() {
        return ip;
    }

    HttpFetchResult.Tls tls() {
        return tls;
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    boolean hasRoom() {
        if (!open || closing || !reusable || inFlight.size() >= pool.depth()) {
            return false;
        }
        // while a depth is being earned, requests go out in batches (PipelineDepth.batches)
        return inFlight.isEmpty() || unflushed || !pool.batchesPipelines();
    }

    int inFlightCount() {
        return inFlight.size();
    }

    /** Marks whether it is in its pool's list of connections with room; returns the previous mark. */
    boolean listed(boolean inList) {
        boolean was = listed;
        listed = inList;
        return was;
    }

    /** Writes the request of an exchange; it leaves with this batch's flush. */
    void send(Exchange ex) {
        long now = System.nanoTime();
        boolean first = !timingsReported;
        timingsReported = true;
        ex.sent(this, now, first ? connectNanos : -1, first ? tlsNanos : -1, inFlight.isEmpty());
        inFlight.addLast(ex);
        String host = ex.url().hostHeader();
        RequestWriter requests = context.requests();
        ByteBuf buf = channel.alloc().ioBuffer(requests.sizeHint(ex.url(), host));
        requests.write(buf, ex.headRequest(), ex.url(), host);
        if (captureWire) {
            byte[] request = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), request);
            ex.record(new ExchangeRecorder(request, ex.fetch().options().maxBody(), context.config().maxHeaderBytes()));
        }
        channel.write(buf, channel.voidPromise());
        deadlines.arm();
        if (!unflushed) {
            unflushed = true;
            context.flusher().schedule(this);
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
        return ex != null && ex.headRequest();
    }

    void onBytes(int n) {
        lastReadNanos = System.nanoTime();
        bytesRead += n;
        Exchange ex = inFlight.peekFirst();
        if (ex != null && ex.awaitingFirstByte()) {
            ex.firstByte(lastReadNanos);
        }
    }

    /**
     * Response bytes the decoder just consumed, kept when capturing: they belong to the exchange being answered,
     * since the decoder ends a response before it reads a byte of the next.
     */
    void onConsumed(ByteBuf in, int index, int n) {
        Exchange ex = inFlight.peekFirst();
        if (n > 0 && ex != null) {
            ex.received(in, index, n);
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
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL && code != 101) {
            return; // 1xx interim: the final response follows on the same exchange
        }
        if (!ex.head(response)) {
            reusable = false;
            if (inFlight.size() > 1) {
                pool.closedAfterResponse();
            }
        }
        FetchOptions options = ex.fetch().options();
        String encoding = response.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        boolean compression = context.config().compression();
        bodyOffLoop = decodesOffLoop(ex, response, encoding, compression);
        if (bodyOffLoop) {
            if (offLoop == null) {
                offLoop = new OffLoopBody(context.workers().next(), channel, this);
            }
            ex.decodedFrom(BodySink.describe(encoding, compression));
            offLoop.begin(encoding, compression, options.maxBody(), options.keepBody());
        } else {
            ex.decodedFrom(body.begin(encoding, compression, options.maxBody(), options.keepBody()));
        }
    }

    /** Whether this response's body is worth a decode worker: one that inflates, or a long identity one. */
    private boolean decodesOffLoop(Exchange ex, HttpResponse response, String encoding, boolean compression) {
        if (context.workers() == null || ex.headRequest()) {
            return false;
        }
        long length = contentLength(response);
        if (length == 0) {
            return false;
        }
        if (length >= OFF_LOOP_MIN_BYTES) {
            return true;
        }
        String coding = compression && encoding != null ? ContentDecoder.codingOf(encoding) : null;
        return coding != null && !"identity".equals(coding);
    }

    /** The declared Content-Length, or -1 when there is none (chunked, or to the close) or it is not one number. */
    private static long contentLength(HttpResponse response) {
        try {
            return HttpUtil.getContentLength(response, -1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void onContent(HttpContent content) throws FetchException {
        Exchange ex = requireHead();
        if (!ex.hasFinalHead()) {
            return; // body of an interim response: there is none to keep
        }
        if (bodyOffLoop) {
            boolean last = content instanceof LastHttpContent;
            offLoop.accept(ex, content.content(), last);
            if (last) {
                responseEnded(ex); // the finisher gets the exchange in bodyDecoded or bodyFailed
                afterResponse();
            }
            return;
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
        responseEnded(ex);
        context.finisher().completed(ex, decoded, body.sha256Hex(), body.body());
        afterResponse();
    }

    @Override
    public void bodyDecoded(Exchange ex, long decodedBytes, String sha256, byte[] decoded) {
        context.finisher().completed(ex, decodedBytes, sha256, decoded);
    }

    @Override
    public void bodyFailed(Exchange ex, BulkError error, byte[] partialBody) {
        if (error.kind() == ErrorKind.BODY_TOO_LARGE) {
            ex.cutAtCap(partialBody);
        }
        if (!closing && inFlight.peekFirst() == ex) {
            close(error); // still reading it: a bomb or an oversize body stops here, as on the loop
        } else {
            // read to its end already: the framing was intact, so the connection goes on with the next response
            context.finisher().failed(ex, error);
        }
    }

    /** The response of {@code ex} was read to its last byte: the next exchange is the one being answered. */
    private void responseEnded(Exchange ex) {
        bodyOffLoop = false;
        inFlight.pollFirst();
        long now = System.nanoTime();
        long wire = consumedForCurrent();
        ex.ended(wire);
        consumedAtLastResponse += wire;
        Exchange next = inFlight.peekFirst();
        if (next != null) {
            next.answering(now);
            if (decoder.buffered() > 0) {
                next.firstByte(lastReadNanos); // its bytes came in the same read as the end of the previous response
            }
        } else if (decoder.buffered() > 0) {
            // Bytes behind a response that no request is waiting for: the server replied ahead of a request it
            // has not seen. Sent on this connection, the next request would take them for its answer; and on a
            // pipelined connection of this server, a request already sent would, unseen: no pipelining for it.
            reusable = false;
            pool.stopPipelining();
        }
        pool.responded(now - ex.answeringSinceNanos(), reusable);
    }

    private void afterResponse() {
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
        body.close();
        if (offLoop != null) {
            offLoop.close();
        }
        if (channel != null && channel.isRegistered()) {
            channel.close(); // a channel that could not be created is never registered: there is nothing to close
        }
        Exchange head = inFlight.pollFirst();
        if (head != null && error != null && error.kind() == ErrorKind.BODY_TOO_LARGE && !bodyOffLoop) {
            head.cutAtCap(body.body()); // off the loop, bodyFailed kept the worker's bytes
        }
        if (head != null && head.answered() && decoder != null) {
            head.ended(consumedForCurrent());
        }
        if (head != null && error != null && worthAnotherTry(head, error)) {
            // A server that closes with pipelined requests still unread makes its kernel send a reset, which can
            // destroy the response on its way; one that closes a kept-alive connection as a request goes out
            // resets it unanswered; one that reads a request at a time and drops the rest of what it read never
            // answers a pipelined request. GET and HEAD are safe to send again, alone.
            if (!inFlight.isEmpty() && reusable || error.kind() == ErrorKind.FIRST_BYTE_TIMEOUT) {
                pool.stopPipelining(); // unannounced: the server loses pipelined requests
            }
            pool.submit(head.again());
        } else if (head != null && error != null) {
            context.finisher().failed(head, error);
        } else if (head != null) {
            inFlight.addFirst(head);
        }
        pool.onClosed(this, error);
    }

    /** The requests left on it when it closed, handed to the pool once. */
    List<Exchange> takeInFlight() {
        List<Exchange> left = new ArrayList<>(inFlight);
        inFlight.clear();
        return left;
    }

    /**
     * The connect found no file descriptor (EMFILE, ENFILE): the channel was never created, so there is nothing
     * to close and nothing was sent; the pool keeps the requests for a later connection.
     */
    void abandon(String reason) {
        closing = true;
        body.close();
        pool.onNoDescriptor(this, reason);
    }

    /**
     * Whether the request being answered was lost to the connection rather than to the server's answer: a reset
     * under pipelined requests, a reset with no byte of the answer on a reused connection, or no byte at all for a
     * pipelined request.
     */
    private boolean worthAnotherTry(Exchange head, BulkError error) {
        Fetch f = head.fetch();
        boolean lost = switch (error.kind()) {
            // a response read to its end before (its bytes consumed): a kept-alive connection, which the server
            // may close at any time
            case CONNECTION_RESET -> !inFlight.isEmpty() || consumedAtLastResponse > 0 && !head.answered();
            case FIRST_BYTE_TIMEOUT -> head.pipelined() && !head.answered();
            default -> false;
        };
        return lost && !f.done() && f.attempts() < HostPool.MAX_ATTEMPTS;
    }

    /** Channel closed by the peer: a response cut short gets the error that fits. */
    void onInactive() {
        if (closing) {
            return;
        }
        Exchange head = inFlight.peekFirst();
        BulkError error = null;
        if (head != null && head.answered()) {
            error = !head.hasFinalHead()
                    ? BulkError.of(ErrorKind.MALFORMED_RESPONSE, "connection closed before the response head was complete")
                    : BulkError.of(ErrorKind.MALFORMED_RESPONSE, "connection closed before the body was complete"
                        + (head.header(HttpHeaderNames.CONTENT_LENGTH) != null ? " (shorter than its Content-Length)" : ""));
        }
        close(error);
    }
}
