package dev.bulkfetch.testbed;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Serves the requests of one connection strictly in arrival order, one response at a time, which is what
 * HTTP/1.1 pipelining requires: requests decoded while a response is still being written wait in a queue.
 * Sits after Netty's request decoder; responses bypass any encoder and go to the channel as raw bytes.
 * Every decoded request head goes to the arrival log the moment it is decoded.
 */
final class HttpTestbedHandler extends ChannelInboundHandlerAdapter {
    /** Pipelined requests beyond this stop reading from the socket until the queue drains. */
    private static final int MAX_QUEUED = 256;

    private final HttpTestbedConnections connections;
    private final HttpTestbedArrivals arrivals;
    private final HttpTestbedAttempts attempts;
    private final Queue<HttpTestbedPlan> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private String origin;
    private String localHost;
    private int remotePort;
    private HttpTestbedRequest reading;
    private HttpTestbedStreamer active;
    private boolean inputClosed;

    HttpTestbedHandler(HttpTestbedConnections connections, HttpTestbedArrivals arrivals, HttpTestbedAttempts attempts) {
        this.connections = connections;
        this.arrivals = arrivals;
        this.attempts = attempts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        // absolute redirects must keep the scheme the client came in with
        boolean tls = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
        origin = HttpTestbed.origin(tls ? "https" : "http", local);
        localHost = local.getAddress().getHostAddress();
        remotePort = ((InetSocketAddress) ctx.channel().remoteAddress()).getPort();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
                reading = null;
                enqueue(HttpTestbedPlanner.malformed());
                return;
            }
            if (msg instanceof HttpRequest request) {
                reading = HttpTestbedRequest.from(request, origin, localHost);
                arrivals.record(reading.host(), reading.path(), localHost, remotePort);
            }
            // A request is planned once its body (usually empty) is read, so a body is never taken for the
            // next request.
            if (msg instanceof LastHttpContent && reading != null) {
                enqueue(HttpTestbedPlanner.plan(reading, attempts));
                reading = null;
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (active != null && ctx.channel().isWritable()) {
            active.resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // The client half-closed after sending: answer what it asked, then close.
            inputClosed = true;
            closeIfIdle();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (active != null) {
            active.cancel();
            active = null;
        }
        queued.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Clients of a fault-injecting server reset and abandon connections all the time; that is not news.
        ctx.close();
    }

    private void enqueue(HttpTestbedPlan plan) {
        queued.add(plan);
        if (queued.size() >= MAX_QUEUED) {
            ctx.channel().config().setAutoRead(false);
        }
        serveNext();
    }

    private void serveNext() {
        if (active != null || !ctx.channel().isActive()) {
            return;
        }
        HttpTestbedPlan plan = queued.poll();
        if (plan == null) {
            closeIfIdle();
            return;
        }
        if (queued.size() < MAX_QUEUED / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
        active = new HttpTestbedStreamer(ctx.channel(), plan, connections::answered, this::responseComplete);
        active.start();
    }

    private void responseComplete() {
        active = null;
        // The next response starts from a fresh task so a long pipeline does not deepen the stack.
        ctx.executor().execute(this::serveNext);
    }

    private void closeIfIdle() {
        // A hanging answer waits for the client to leave, and end of input is the only sign of that it gets.
        boolean idle = active == null ? queued.isEmpty() : active.isHanging();
        if (inputClosed && idle) {
            ctx.close();
        }
    }
}
