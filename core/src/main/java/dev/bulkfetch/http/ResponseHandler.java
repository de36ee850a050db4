package dev.bulkfetch.http;

import dev.bulkfetch.error.FetchException;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.error.Failures;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * The end of a connection's pipeline: hands decoded response parts to the connection, and turns
 * decoder failures, exceptions and closes into the error of the exchange being answered.
 */
final class ResponseHandler extends ChannelInboundHandlerAdapter {
    private final HttpConnection connection;

    ResponseHandler(HttpConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpObject o) {
                DecoderResult result = o.decoderResult();
                if (result.isFailure()) {
                    connection.close(malformed(result.cause()));
                    return;
                }
                if (msg instanceof HttpResponse r) {
                    connection.onResponseHead(r);
                }
                if (msg instanceof HttpContent c) {
                    connection.onContent(c);
                }
            }
        } catch (FetchException e) {
            connection.close(e.error());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private static BulkError malformed(Throwable cause) {
        BulkError e = Failures.classify(cause, Failures.Phase.READ);
        return e.kind() == ErrorKind.INTERNAL ? BulkError.of(ErrorKind.MALFORMED_RESPONSE, e.message()) : e;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.close(Failures.classify(cause, connection.wasOpened() ? Failures.Phase.READ : Failures.Phase.TLS));
    }
}
