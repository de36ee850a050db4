package dev.bulkfetch.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Plans for the paths that break HTTP/1.1's turn-taking, where the server speaks only when asked and reads
 * what it is sent: a reply sent before the request it would answer, and a server that stops reading.
 *
 * <ul>
 *   <li>{@code /reply-ahead/N}: the response with {@code body(N)}, and right behind it, in the same write, a
 *       second complete response ({@link #UNASKED}) that no request asked for: on a kept-alive connection it is
 *       a reply to a request that has not arrived yet. A client that reuses the connection takes it for the
 *       answer to its next request.</li>
 *   <li>{@code /no-read/MS}: reads this request, then nothing more; answers nothing and closes after MS
 *       milliseconds. Requests pipelined behind it fill the kernel's buffers until the client's writes stall;
 *       only the client's own deadline ends its wait.</li>
 * </ul>
 */
final class HttpTestbedTurnPlans {
    /** The response {@code /reply-ahead/N} sends unasked. */
    static final byte[] UNASKED = HttpTestbedContent.ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 16\r\n\r\nnobody asked me\n");

    private HttpTestbedTurnPlans() {
    }

    static HttpTestbedPlan plan(HttpTestbedRoute route, HttpTestbedRequest request) {
        return switch (route.endpoint()) {
            case REPLY_AHEAD -> replyAhead(route, request);
            case NO_READ -> HttpTestbedPlan.stopReading(route.first());
            default -> throw new IllegalArgumentException("not a turn-taking path: " + route);
        };
    }

    private static HttpTestbedPlan replyAhead(HttpTestbedRoute route, HttpTestbedRequest request) {
        HttpTestbedHead head = HttpTestbedHead.status(200).header("Content-Type", HttpTestbedPlanner.OCTETS);
        HttpTestbedPayload body = HttpTestbedContent.payload(route);
        head.header("Content-Length", body.length());
        return HttpTestbedPlanner.finish(request, head, followedBy(HttpTestbedSliceFrames.of(body), UNASKED));
    }

    /** The frames of {@code first}, then {@code last} as one more frame. */
    private static HttpTestbedFrames followedBy(HttpTestbedFrames first, byte[] last) {
        return new HttpTestbedFrames() {
            private boolean lastSent;

            @Override
            public ByteBuf next(ByteBufAllocator alloc) {
                ByteBuf frame = first.next(alloc);
                if (frame != null || lastSent) {
                    return frame;
                }
                lastSent = true;
                return Unpooled.wrappedBuffer(last);
            }
        };
    }
}
