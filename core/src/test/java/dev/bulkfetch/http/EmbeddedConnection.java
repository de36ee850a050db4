package dev.bulkfetch.http;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP connection of a real {@link HttpEngine} whose channel is an {@link EmbeddedChannel}: the
 * pipeline {@link ChannelSetup} assembles (wire counter, read deadlines, response decoder, response
 * handler) and the path behind it (body sink, content decoding, the fetch's result), fed
 * with bytes by the test in whatever reads it likes, on the test's own thread, without a socket.
 *
 * <p>A spy between the decoder and the response handler records every exception that travels the
 * pipeline: parsing a hostile response must turn into a decoder result or a named error, never an
 * exception.
 */
final class EmbeddedConnection implements AutoCloseable {
    static final InetAddress PEER = InetAddress.getLoopbackAddress();

    final EmbeddedChannel channel;
    final HttpEngine engine;
    final HttpConnection connection;
    final List<HttpFetchResult> results = new ArrayList<>();
    final List<Throwable> exceptions = new ArrayList<>();

    EmbeddedConnection(HttpEngineConfig config, HttpUrl url) {
        channel = new EmbeddedChannel();
        // heap buffers, so what the decoder allocates shows in the thread's allocation counter
        channel.config().setAllocator(new UnpooledByteBufAllocator(false));
        // bodies decoded on the loop: the test's thread is the loop, and it reads results as soon as a feed returns
        // (decoding off the loop is exercised against real servers, in OffLoopDecodingTest)
        engine = HttpEngine.start(config.withDecodeThreads(0), channel.eventLoop(), null, HostsFile.empty());
        connection = engine.adopt(channel, url, PEER);
        channel.pipeline().addBefore(ChannelSetup.RESPONSE, "spy", new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                exceptions.add(cause);
                ctx.fireExceptionCaught(cause);
            }
        });
        Fetch fetch = new Fetch(url, FetchOptions.of(config), results::add, System.nanoTime(),
                config.totalTimeout().toNanos());
        connection.send(new Exchange(fetch, PEER));
        channel.runPendingTasks(); // the batch flush that sends the request
    }

    /** Delivers {@code bytes} as reads ending at each of {@code ends}. */
    void feed(byte[] bytes, int[] ends) {
        int from = 0;
        for (int end : ends) {
            if (!channel.isActive()) {
                return; // the connection closed itself (an error): later bytes never arrive
            }
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, from, end - from));
            channel.runPendingTasks();
            from = end;
        }
    }

    /** The server closes the connection (end of stream). */
    void peerCloses() {
        channel.close();
        channel.runPendingTasks();
    }

    @Override
    public void close() {
        engine.close();
        channel.finishAndReleaseAll();
    }
}
