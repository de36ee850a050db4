package dev.bulkfetch.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulkfetch.loop.Transport;
import dev.bulkfetch.error.Failures.Phase;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure becomes one named error: real loopback sockets through both Netty transports for
 * the failures the kernel can be made to produce locally, constructed exceptions for the rest.
 */
class FailuresTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long AWAIT_SECONDS = 10;

    /** Failures provoked on 127.0.0.1, once per transport. */
    @Nested
    class OnLoopbackSockets {

        @ParameterizedTest
        @EnumSource(Transport.class)
        void connectToClosedPortIsRefusedWithErrno111(Transport transport) throws Exception {
            assumeTransport(transport);
            int port = closedPort();
            EventLoopGroup group = transport.newGroup(1, "failures-test");
            try {
                ChannelFuture connect = bootstrap(transport, group, new ChannelInboundHandlerAdapter())
                        .connect(new InetSocketAddress(LOOPBACK, port));
                assertTrue(connect.await(AWAIT_SECONDS, TimeUnit.SECONDS), "connect did not finish");
                assertNotNull(connect.cause(), "connect to a closed port succeeded");

                BulkError error = Failures.classify(connect.cause(), Phase.CONNECT);

                assertEquals(new BulkError(ErrorKind.CONNECT_REFUSED, 111, "connection refused"), error,
                        "from " + connect.cause());
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }

        @ParameterizedTest
        @EnumSource(Transport.class)
        void peerResetWhileReadingIsConnectionResetWithErrno104(Transport transport) throws Exception {
            assumeTransport(transport);
            try (LoopbackServer server = LoopbackServer.start(FailuresTest::resetAfterFirstByte)) {
                Throwable cause = clientFailure(transport, server.address(), (p, catcher) -> p.addLast(catcher),
                        FailuresTest::sayConnected);
                BulkError error = Failures.classify(cause, Phase.READ);

                assertEquals(new BulkError(ErrorKind.CONNECTION_RESET, 104, "connection reset by peer"), error,
                        "from " + cause);
            }
        }

        @ParameterizedTest
        @EnumSource(Transport.class)
        void writingToResetPeerIsConnectionReset(Transport transport) throws Exception {
            assumeTransport(transport);
            try (LoopbackServer server = LoopbackServer.start(FailuresTest::resetAfterFirstByte)) {
                EventLoopGroup group = transport.newGroup(1, "failures-test");
                try {
                    // Not reading keeps the reset for the write to find, instead of a read seeing it first
                    // (epoll still reads on EPOLLERR: the catcher keeps that off the pipeline's tail).
                    Channel channel = bootstrap(transport, group, new FailureCatcher())
                            .option(ChannelOption.AUTO_READ, false)
                            .connect(server.address()).syncUninterruptibly().channel();
                    sayConnected(channel);
                    server.awaitHandled();

                    // The first writes can land in the send buffer before the RST arrives; keep writing
                    // until the kernel reports it, bounded by a deadline rather than a fixed sleep.
                    Throwable cause = null;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
                    while (cause == null && System.nanoTime() < deadline) {
                        ChannelFuture write = channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'x'}));
                        assertTrue(write.await(AWAIT_SECONDS, TimeUnit.SECONDS), "write did not finish");
                        cause = write.cause();
                    }
                    assertNotNull(cause, "writes to a reset peer kept succeeding");

                    BulkError error = Failures.classify(cause, Phase.WRITE);

                    assertEquals(ErrorKind.CONNECTION_RESET, error.kind(), "from " + cause);
                    assertTrue(error.errno() == 104 || error.errno() == 32 || cause instanceof ClosedChannelException,
                            "errno " + error.errno() + " from " + cause);
                    channel.close();
                } finally {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                }
            }
        }

        @ParameterizedTest
        @EnumSource(Transport.class)
        void connectIntoFullAcceptBacklogTimesOut(Transport transport) throws Exception {
            assumeTransport(transport);
            List<Socket> fillers = new ArrayList<>();
            try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
                // Linux drops SYNs while the accept queue of a listener that never accepts is full, so
                // the connect below waits for a SYN-ACK that does not come: a timeout without any
                // traffic leaving the machine.
                boolean backlogFull = false;
                for (int i = 0; i < 16 && !backlogFull; i++) {
                    Socket filler = new Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(server.getLocalSocketAddress(), 300);
                    } catch (SocketTimeoutException dropped) {
                        backlogFull = true;
                    }
                }
                EventLoopGroup group = transport.newGroup(1, "failures-test");
                try {
                    ChannelFuture connect = bootstrap(transport, group, new ChannelInboundHandlerAdapter())
                            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 100)
                            .connect(server.getLocalSocketAddress());
                    assertTrue(connect.await(AWAIT_SECONDS, TimeUnit.SECONDS), "connect did not finish");
                    if (connect.isSuccess()) {
                        connect.channel().close();
                        // This kernel completed the connect anyway: check the mapping alone and say so.
                        assertEquals(new BulkError(ErrorKind.CONNECT_TIMEOUT, 110, "connect timed out"),
                                Failures.classify(new ConnectTimeoutException("connection timed out after 100 ms"),
                                        Phase.CONNECT));
                        Assumptions.abort("kernel completed connects despite a full backlog (filled: "
                                + backlogFull + "); only the ConnectTimeoutException mapping was checked");
                    }

                    BulkError error = Failures.classify(connect.cause(), Phase.CONNECT);

                    assertTrue(connect.cause() instanceof ConnectTimeoutException, "got " + connect.cause());
                    assertEquals(new BulkError(ErrorKind.CONNECT_TIMEOUT, 110, "connect timed out"), error);
                } finally {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                }
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }

        @ParameterizedTest
        @EnumSource(Transport.class)
        void tlsHandshakeAgainstPlainHttpServerIsTlsHandshake(Transport transport) throws Exception {
            assumeTransport(transport);
            try (LoopbackServer server = LoopbackServer.start(socket -> {
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                drain(socket);
            })) {
                EventLoopGroup group = transport.newGroup(1, "failures-test");
                try {
                    var sslContext = SslContextBuilder.forClient().build();
                    CompletableFuture<SslHandler> ssl = new CompletableFuture<>();
                    FailureCatcher catcher = new FailureCatcher();
                    Channel channel = bootstrap(transport, group, new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler handler = sslContext.newHandler(ch.alloc(), "127.0.0.1", server.port());
                            ssl.complete(handler);
                            ch.pipeline().addLast(handler, catcher);
                        }
                    }).connect(server.address()).syncUninterruptibly().channel();

                    var handshakeFuture = ssl.get(AWAIT_SECONDS, TimeUnit.SECONDS).handshakeFuture();
                    assertTrue(handshakeFuture.await(AWAIT_SECONDS, TimeUnit.SECONDS), "handshake did not finish");
                    Throwable cause = handshakeFuture.cause();
                    assertNotNull(cause, "handshake with a plain-HTTP server succeeded");

                    BulkError error = Failures.classify(cause, Phase.TLS);

                    assertTrue(chainHas(cause, NotSslRecordException.class), "got " + cause);
                    assertEquals(ErrorKind.TLS_HANDSHAKE, error.kind());
                    assertEquals("not an SSL/TLS record: the peer did not answer with TLS", error.message());
                    channel.close();
                } finally {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                }
            }
        }

        @ParameterizedTest
        @EnumSource(Transport.class)
        void silentServerTripsReadTimeoutHandler(Transport transport) throws Exception {
            assumeTransport(transport);
            try (LoopbackServer server = LoopbackServer.start(FailuresTest::drain)) {
                Throwable cause = clientFailure(transport, server.address(),
                        (p, catcher) -> p.addLast(new ReadTimeoutHandler(100, TimeUnit.MILLISECONDS), catcher), ch -> { });

                assertEquals(new BulkError(ErrorKind.READ_TIMEOUT, 0, "read timed out"),
                        Failures.classify(cause, Phase.READ), "from " + cause);
            }
        }

        @ParameterizedTest
        @EnumSource(Transport.class)
        void serverClosingWithoutAnswerIsMalformedResponse(Transport transport) throws Exception {
            assumeTransport(transport);
            try (LoopbackServer server = LoopbackServer.start(socket -> {
                socket.getInputStream().read(new byte[4096]);
                socket.close();
            })) {
                Throwable cause = clientFailure(transport, server.address(),
                        (p, catcher) -> p.addLast(new HttpClientCodec(4096, 8192, 8192, true), catcher),
                        ch -> ch.writeAndFlush(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/")));

                assertTrue(chainHas(cause, PrematureChannelClosureException.class), "got " + cause);
                assertEquals(ErrorKind.MALFORMED_RESPONSE, Failures.classify(cause, Phase.READ).kind());
            }
        }

        @ParameterizedTest
        @EnumSource(Transport.class)
        void oversizedResponseHeaderIsMalformedResponse(Transport transport) throws Exception {
            assumeTransport(transport);
            String head = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(10_000) + "\r\nContent-Length: 0\r\n\r\n";
            try (LoopbackServer server = LoopbackServer.start(socket -> {
                socket.getInputStream().read(new byte[4096]);
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                drain(socket);
            })) {
                Throwable cause = clientFailure(transport, server.address(),
                        (p, catcher) -> p.addLast(new HttpClientCodec(4096, 8192, 8192), catcher),
                        ch -> ch.writeAndFlush(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/")));

                assertTrue(chainHas(cause, TooLongFrameException.class), "got " + cause);
                assertEquals(ErrorKind.MALFORMED_RESPONSE, Failures.classify(cause, Phase.READ).kind());
            }
        }
    }

    /** The errno of epoll's NativeIoException decides, as absolute value, and is always kept. */
    @Nested
    class NativeErrno {

        static Stream<Arguments> errnos() {
            return Stream.of(
                    Arguments.of(111, Phase.CONNECT, ErrorKind.CONNECT_REFUSED),
                    Arguments.of(110, Phase.CONNECT, ErrorKind.CONNECT_TIMEOUT),
                    Arguments.of(110, Phase.READ, ErrorKind.READ_TIMEOUT),
                    Arguments.of(110, Phase.WRITE, ErrorKind.READ_TIMEOUT),
                    Arguments.of(113, Phase.CONNECT, ErrorKind.NO_ROUTE),
                    Arguments.of(101, Phase.CONNECT, ErrorKind.NET_UNREACHABLE),
                    Arguments.of(104, Phase.READ, ErrorKind.CONNECTION_RESET),
                    Arguments.of(104, Phase.TLS, ErrorKind.CONNECTION_RESET),
                    Arguments.of(32, Phase.WRITE, ErrorKind.CONNECTION_RESET),
                    Arguments.of(103, Phase.READ, ErrorKind.CONNECTION_RESET),
                    Arguments.of(24, Phase.CONNECT, ErrorKind.INTERNAL),
                    Arguments.of(23, Phase.CONNECT, ErrorKind.INTERNAL),
                    Arguments.of(99, Phase.CONNECT, ErrorKind.INTERNAL),
                    Arguments.of(13, Phase.CONNECT, ErrorKind.INTERNAL));
        }

        @ParameterizedTest(name = "errno {0} in {1} -> {2}")
        @MethodSource("errnos")
        void nativeIoExceptionMapsByErrno(int errno, Phase phase, ErrorKind kind) {
            assumeEpoll();
            BulkError error = Failures.classify(new Errors.NativeIoException("syscall", -errno), phase);

            assertEquals(kind, error.kind());
            assertEquals(errno, error.errno());
            assertOneLine(error);
        }

        @Test
        void runningOutOfDescriptorsSaysSo() {
            assumeEpoll();
            assertEquals(new BulkError(ErrorKind.INTERNAL, 24, "out of file descriptors"),
                    Failures.classify(new Errors.NativeIoException("socket", -24), Phase.CONNECT));
            assertEquals(new BulkError(ErrorKind.INTERNAL, 23, "out of file descriptors"),
                    Failures.classify(new Errors.NativeIoException("accept", -23), Phase.CONNECT));
        }

        @Test
        void unknownErrnoIsInternalWithErrnoAndClassName() {
            assumeEpoll();
            BulkError error = Failures.classify(new Errors.NativeIoException("sendmsg", -13), Phase.WRITE);

            assertEquals(13, error.errno());
            assertTrue(error.message().startsWith("NativeIoException: sendmsg(..) failed with error(-13)"),
                    error.message());
        }

        @Test
        void nativeErrnoWinsOverMessageText() {
            assumeEpoll();
            IOException outer = new IOException("Connection reset by peer", new Errors.NativeIoException("writev", -32));

            assertEquals(new BulkError(ErrorKind.CONNECTION_RESET, 32, "broken pipe: the peer closed the connection"),
                    Failures.classify(outer, Phase.WRITE));
        }

        @Test
        void epollConnectExceptionCarriesErrnoInNettysFormat() {
            // Netty 4.2's Errors.newConnectException0: a plain ConnectException, annotated with the
            // remote address by AbstractChannel, which keeps the original as its cause.
            ConnectException inner = new ConnectException("finishConnect(..) failed with error(-111): Connection refused");
            ConnectException annotated = new ConnectException(inner.getMessage() + ": /127.0.0.1:9");
            annotated.initCause(inner);

            assertEquals(new BulkError(ErrorKind.CONNECT_REFUSED, 111, "connection refused"),
                    Failures.classify(annotated, Phase.CONNECT));
            assertEquals(new BulkError(ErrorKind.CONNECT_TIMEOUT, 110, "connect timed out"),
                    Failures.classify(new ConnectException("connect(..) failed with error(-110): Connection timed out"),
                            Phase.CONNECT));
        }

        @Test
        void messagelessNoRouteToHostFromEpollIsNoRoute() {
            // epoll raises a bare NoRouteToHostException for EHOSTUNREACH and ENETUNREACH alike.
            assertEquals(new BulkError(ErrorKind.NO_ROUTE, 113, "no route to host"),
                    Failures.classify(new NoRouteToHostException(), Phase.CONNECT));
        }
    }

    /** NIO exceptions carry strerror text; only known texts become an errno. */
    @Nested
    class NioTexts {

        static Stream<Arguments> texts() {
            return Stream.of(
                    Arguments.of(new ConnectException("Connection refused"), Phase.CONNECT, ErrorKind.CONNECT_REFUSED, 111),
                    Arguments.of(new ConnectException("Connection refused: /127.0.0.1:9"), Phase.CONNECT,
                            ErrorKind.CONNECT_REFUSED, 111),
                    Arguments.of(new ConnectException("Connection timed out"), Phase.CONNECT, ErrorKind.CONNECT_TIMEOUT, 110),
                    Arguments.of(new ConnectTimeoutException("connection timed out after 100 ms: /127.0.0.1:9"),
                            Phase.CONNECT, ErrorKind.CONNECT_TIMEOUT, 110),
                    Arguments.of(new NoRouteToHostException("No route to host"), Phase.CONNECT, ErrorKind.NO_ROUTE, 113),
                    Arguments.of(new SocketException("Network is unreachable"), Phase.CONNECT,
                            ErrorKind.NET_UNREACHABLE, 101),
                    Arguments.of(new SocketException("Network is unreachable: /127.0.0.1:9"), Phase.CONNECT,
                            ErrorKind.NET_UNREACHABLE, 101),
                    Arguments.of(new SocketException("Connection reset"), Phase.READ, ErrorKind.CONNECTION_RESET, 104),
                    Arguments.of(new SocketException("Connection reset by peer"), Phase.READ,
                            ErrorKind.CONNECTION_RESET, 104),
                    Arguments.of(new SocketException("Broken pipe"), Phase.WRITE, ErrorKind.CONNECTION_RESET, 32),
                    Arguments.of(new IOException("Broken pipe (Write failed)"), Phase.WRITE, ErrorKind.CONNECTION_RESET, 32),
                    Arguments.of(new IOException("Connection reset by peer"), Phase.READ, ErrorKind.CONNECTION_RESET, 104),
                    Arguments.of(new SocketException("Too many open files"), Phase.CONNECT, ErrorKind.INTERNAL, 24),
                    Arguments.of(new IOException("Cannot assign requested address"), Phase.CONNECT, ErrorKind.INTERNAL, 99));
        }

        @ParameterizedTest(name = "{0} in {1} -> {2} {3}")
        @MethodSource("texts")
        void knownTextMapsToKindAndErrno(Throwable cause, Phase phase, ErrorKind kind, int errno) {
            BulkError error = Failures.classify(cause, phase);

            assertEquals(kind, error.kind());
            assertEquals(errno, error.errno());
        }

        @Test
        void unknownSocketTextIsInternalWithoutErrno() {
            assertEquals(new BulkError(ErrorKind.INTERNAL, 0, "SocketException: Protocol wrong type for socket"),
                    Failures.classify(new SocketException("Protocol wrong type for socket"), Phase.READ));
        }

        @Test
        void textIsMatchedWholeNotAsSubstring() {
            // A message merely mentioning a known text is not that error.
            assertEquals(ErrorKind.INTERNAL,
                    Failures.classify(new IOException("proxy said: Connection refused"), Phase.CONNECT).kind());
        }
    }

    /** Handshake failures, named after the most specific cause. */
    @Nested
    class Tls {

        @Test
        void handshakeAlertIsTlsHandshake() {
            assertEquals(new BulkError(ErrorKind.TLS_HANDSHAKE, 0, "TLS handshake failed: Received fatal alert: handshake_failure"),
                    Failures.classify(new SSLHandshakeException("Received fatal alert: handshake_failure"), Phase.TLS));
        }

        @Test
        void hostnameMismatchSaysCertificateVerifyFailed() {
            SSLHandshakeException handshake = new SSLHandshakeException(
                    "No subject alternative DNS name matching example.test found.");
            handshake.initCause(new CertificateException("No subject alternative DNS name matching example.test found."));

            assertEquals("certificate verify failed: No subject alternative DNS name matching example.test found.",
                    Failures.classify(new DecoderException(handshake), Phase.TLS).message());
        }

        @Test
        void expiredCertificateNamesTheDeepestReason() {
            CertPathValidatorException validator = new CertPathValidatorException("validity check failed",
                    new CertificateExpiredException("NotAfter: Sat Jan 01 00:00:00 UTC 2000"), null, -1,
                    CertPathValidatorException.BasicReason.EXPIRED);
            CertificateException pkix = new CertificateException("PKIX path validation failed: " + validator, validator);
            SSLHandshakeException handshake = new SSLHandshakeException("PKIX path validation failed: " + validator);
            handshake.initCause(pkix);

            BulkError error = Failures.classify(handshake, Phase.TLS);

            assertEquals(new BulkError(ErrorKind.TLS_HANDSHAKE, 0,
                    "certificate verify failed: NotAfter: Sat Jan 01 00:00:00 UTC 2000 (expired)"), error);
        }

        @Test
        void notSslRecordDropsTheHexDump() {
            NotSslRecordException plain = new NotSslRecordException("not an SSL/TLS record: " + "48545450".repeat(200));

            BulkError error = Failures.classify(plain, Phase.TLS);

            assertEquals(new BulkError(ErrorKind.TLS_HANDSHAKE, 0, "not an SSL/TLS record: the peer did not answer with TLS"),
                    error);
            assertEquals(ErrorKind.TLS_HANDSHAKE, Failures.classify(new DecoderException(plain), Phase.READ).kind());
        }

        @Test
        void sslExceptionIsHandshakeOnlyDuringTheHandshake() {
            SSLException badRecord = new SSLException("Unrecognized SSL message, plaintext connection?");

            assertEquals(ErrorKind.TLS_HANDSHAKE, Failures.classify(badRecord, Phase.TLS).kind());
            assertEquals(new BulkError(ErrorKind.INTERNAL, 0, "SSLException: Unrecognized SSL message, plaintext connection?"),
                    Failures.classify(badRecord, Phase.READ));
            // Decoding the peer's records failed: the response is what is broken.
            assertEquals(ErrorKind.MALFORMED_RESPONSE, Failures.classify(new DecoderException(badRecord), Phase.READ).kind());
        }

        @Test
        void peerClosingMidHandshakeIsTlsHandshake() {
            // SslHandler.channelInactive during a handshake: an SSLHandshakeException around a ClosedChannelException.
            SSLHandshakeException closed = new SSLHandshakeException("Connection closed while SSL/TLS handshake was in progress");
            closed.initCause(new ClosedChannelException());

            assertEquals(new BulkError(ErrorKind.TLS_HANDSHAKE, 0,
                    "TLS handshake failed: Connection closed while SSL/TLS handshake was in progress"),
                    Failures.classify(closed, Phase.TLS));
            assertEquals(ErrorKind.TLS_HANDSHAKE, Failures.classify(new ClosedChannelException(), Phase.TLS).kind());
        }

        @Test
        void handshakeKeepsTheErrnoOfAResetUnderneath() {
            assumeEpoll();
            SSLHandshakeException handshake = new SSLHandshakeException("handshake failed");
            handshake.initCause(new Errors.NativeIoException("read", -104));

            BulkError error = Failures.classify(handshake, Phase.TLS);

            assertEquals(ErrorKind.TLS_HANDSHAKE, error.kind());
            assertEquals(104, error.errno());
        }
    }

    /** Responses the HTTP codec could not take apart. */
    @Nested
    class Codec {

        @Test
        void tooLongFramesAreMalformed() {
            for (Throwable t : List.of(new TooLongFrameException("frame too long"),
                    new TooLongHttpHeaderException("HTTP header is larger than 8192 bytes."),
                    new TooLongHttpLineException("An HTTP line is larger than 4096 bytes."))) {
                BulkError error = Failures.classify(t, Phase.READ);
                assertEquals(ErrorKind.MALFORMED_RESPONSE, error.kind(), t.toString());
                assertEquals("malformed response: " + t.getMessage(), error.message());
            }
        }

        @Test
        void aggregatorContentLimitIsBodyTooLarge() {
            assertEquals(ErrorKind.BODY_TOO_LARGE,
                    Failures.classify(new TooLongHttpContentException("Response entity too large"), Phase.READ).kind());
        }

        @Test
        void prematureClosureIsMalformed() {
            assertEquals(new BulkError(ErrorKind.MALFORMED_RESPONSE, 0,
                    "malformed response: channel gone inactive with 1 missing response(s)"),
                    Failures.classify(new PrematureChannelClosureException("channel gone inactive with 1 missing response(s)"),
                            Phase.READ));
        }

        @Test
        void bareDecoderExceptionIsMalformed() {
            assertEquals(new BulkError(ErrorKind.MALFORMED_RESPONSE, 0, "malformed response: DecoderException: bad chunk size"),
                    Failures.classify(new DecoderException("bad chunk size"), Phase.READ));
            assertEquals(new BulkError(ErrorKind.MALFORMED_RESPONSE, 0,
                    "malformed response: IndexOutOfBoundsException: index 9 out of bounds for length 4"),
                    Failures.classify(new DecoderException(new IndexOutOfBoundsException("index 9 out of bounds for length 4")),
                            Phase.READ));
        }

        @Test
        void headerValidationIsMalformedWhileReadingOnly() {
            IllegalArgumentException invalid = new IllegalArgumentException(
                    "a header name cannot contain some prohibited characters, such as : \\0\\t\\n\\u000b\\f\\r ,:;=");

            assertEquals(ErrorKind.MALFORMED_RESPONSE, Failures.classify(invalid, Phase.READ).kind());
            assertEquals(ErrorKind.MALFORMED_RESPONSE, Failures.classify(new DecoderException(invalid), Phase.WRITE).kind());
            // Outside decoding it is our own request that failed validation: not the peer's fault.
            assertEquals(ErrorKind.INTERNAL, Failures.classify(invalid, Phase.WRITE).kind());
        }
    }

    /** Timeouts, closes, FetchException and the catch-all. */
    @Nested
    class Others {

        @Test
        void readTimeoutHandlerIsReadTimeout() {
            assertEquals(new BulkError(ErrorKind.READ_TIMEOUT, 0, "read timed out"),
                    Failures.classify(ReadTimeoutException.INSTANCE, Phase.READ));
        }

        @Test
        void closedChannelWhileReadingOrWritingIsReset() {
            BulkError expected = new BulkError(ErrorKind.CONNECTION_RESET, 0, "connection closed by the peer");

            assertEquals(expected, Failures.classify(new ClosedChannelException(), Phase.READ));
            assertEquals(expected, Failures.classify(new ClosedChannelException(), Phase.WRITE));
            assertEquals(new BulkError(ErrorKind.INTERNAL, 0, "ClosedChannelException: (no message)"),
                    Failures.classify(new ClosedChannelException(), Phase.CONNECT));
        }

        @Test
        void fetchExceptionKeepsItsOwnError() {
            BulkError own = new BulkError(ErrorKind.BODY_TOO_LARGE, 0, "body exceeds 1048576 bytes");

            assertEquals(own, Failures.classify(new FetchException(own), Phase.READ));
            assertEquals(own, Failures.classify(new CompletionException(new DecoderException(new FetchException(own))),
                    Phase.READ));
        }

        @Test
        void anythingElseIsInternalWithClassAndMessage() {
            assertEquals(new BulkError(ErrorKind.INTERNAL, 0, "IllegalStateException: pipeline full"),
                    Failures.classify(new IllegalStateException("pipeline full"), Phase.WRITE));
            assertEquals(new BulkError(ErrorKind.INTERNAL, 0, "NullPointerException: (no message)"),
                    Failures.classify(new NullPointerException(), Phase.READ));
            assertEquals(ErrorKind.INTERNAL, Failures.classify(null, Phase.READ).kind());
        }

        @Test
        void messagesAreOneBoundedLineWithoutStackTrace() {
            BulkError error = Failures.classify(new IllegalStateException("line one\n\tat x.y(Z.java:1)\n" + "z".repeat(1000)),
                    Phase.READ);

            assertOneLine(error);
            assertTrue(error.message().length() <= 240, error.message());
        }
    }

    /** The cause chain is searched through wrappers and never loops. */
    @Nested
    class Unwrapping {

        @Test
        void wrappersAreLookedThrough() {
            Throwable refused = new ConnectException("Connection refused");

            for (Throwable wrapped : List.of(
                    new DecoderException(refused),
                    new ChannelException(refused),
                    new CompletionException(refused),
                    new ExecutionException(refused),
                    new UncheckedIOException(new IOException(refused)),
                    new ExecutionException(new CompletionException(new ChannelException(new DecoderException(refused)))))) {
                assertEquals(new BulkError(ErrorKind.CONNECT_REFUSED, 111, "connection refused"),
                        Failures.classify(wrapped, Phase.CONNECT), wrapped.toString());
            }
        }

        @Test
        void tlsInsideWrappersIsStillTls() {
            Throwable wrapped = new ExecutionException(new CompletionException(new ChannelException(
                    new DecoderException(new SSLHandshakeException("Received fatal alert: protocol_version")))));

            assertEquals(new BulkError(ErrorKind.TLS_HANDSHAKE, 0, "TLS handshake failed: Received fatal alert: protocol_version"),
                    Failures.classify(wrapped, Phase.TLS));
        }

        @Test
        void internalNamesTheWrappedExceptionNotTheWrapper() {
            assertEquals(new BulkError(ErrorKind.INTERNAL, 0, "IllegalStateException: boom"),
                    Failures.classify(new CompletionException(new ExecutionException(new IllegalStateException("boom"))),
                            Phase.CONNECT));
        }

        @Test
        void causeCycleTerminates() {
            RuntimeException a = new RuntimeException("a");
            RuntimeException b = new RuntimeException("b", a);
            a.initCause(b);

            assertEquals(new BulkError(ErrorKind.INTERNAL, 0, "RuntimeException: a"), Failures.classify(a, Phase.READ));
        }
    }

    private static void assumeTransport(Transport transport) {
        assumeTrue(transport != Transport.EPOLL || Epoll.isAvailable(), "epoll is not available here");
    }

    /** Constructing a NativeIoException needs the native library, which Epoll.isAvailable() loads. */
    private static void assumeEpoll() {
        assumeTrue(Epoll.isAvailable(), "epoll native library is not available here");
    }

    private static void assertOneLine(BulkError error) {
        assertFalse(error.message().isBlank());
        assertFalse(error.message().contains("\n"), error.message());
    }

    private static boolean chainHas(Throwable t, Class<? extends Throwable> type) {
        for (int i = 0; t != null && i < 32; t = t.getCause(), i++) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** What goes into the client pipeline of a test connection, the catcher included. */
    private interface PipelineSetup {
        void add(io.netty.channel.ChannelPipeline pipeline, FailureCatcher catcher);
    }

    /**
     * Connects a client with the given pipeline to the server, lets {@code afterConnect} act on the
     * channel, and returns the first failure its catcher sees; the loop is shut down either way.
     */
    private static Throwable clientFailure(Transport transport, java.net.SocketAddress server, PipelineSetup setup,
                                           java.util.function.Consumer<Channel> afterConnect) throws Exception {
        EventLoopGroup group = transport.newGroup(1, "failures-test");
        try {
            FailureCatcher catcher = new FailureCatcher();
            Channel channel = bootstrap(transport, group, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    setup.add(ch.pipeline(), catcher);
                }
            }).connect(server).syncUninterruptibly().channel();
            afterConnect.accept(channel);
            Throwable cause = catcher.await();
            channel.close();
            return cause;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Bootstrap bootstrap(Transport transport, EventLoopGroup group, ChannelHandler handler) {
        return new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(handler);
    }

    /** A port on 127.0.0.1 that was just free: bound, noted, released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits for the client's first byte, then answers with an RST instead of a FIN (SO_LINGER on
     * with a zero timeout makes close() abort). Waiting matters: a reset sent right after accept()
     * can beat the client's finishConnect, which then fails the connect itself with ECONNRESET.
     */
    private static void resetAfterFirstByte(Socket socket) throws IOException {
        if (socket.getInputStream().read() < 0) {
            return;
        }
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** The client's "connected" signal for {@link #resetAfterFirstByte}. */
    private static void sayConnected(Channel channel) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'!'})).syncUninterruptibly();
    }

    /** Reads until the client goes away, so the server's close never races the client's failure. */
    private static void drain(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (SocketException clientGone) {
            // the client's close or reset ends the conversation either way
        }
    }

    /** Completes with the first exception a channel reports, from exceptionCaught or a decoder result. */
    @ChannelHandler.Sharable
    private static final class FailureCatcher extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure.complete(cause);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
                failure.complete(http.decoderResult().cause());
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // Some handlers (HttpClientCodec) fire exceptionCaught only after passing channelInactive
            // on; a task queued now runs after the whole inactive event, so it sees their exception.
            ctx.executor().execute(
                    () -> failure.completeExceptionally(new AssertionError("channel closed without an exception")));
        }

        Throwable await() throws Exception {
            try {
                return failure.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw (AssertionError) e.getCause();
            }
        }
    }

    /** A plain java.net server on 127.0.0.1 that runs one action per accepted connection. */
    private static final class LoopbackServer implements AutoCloseable {
        interface Action {
            void handle(Socket socket) throws IOException;
        }

        private final ServerSocket socket;
        private final Thread thread;
        private final CompletableFuture<Void> handled = new CompletableFuture<>();

        private LoopbackServer(ServerSocket socket, Action action) {
            this.socket = socket;
            this.thread = new Thread(() -> {
                try (Socket accepted = socket.accept()) {
                    action.handle(accepted);
                    handled.complete(null);
                } catch (IOException e) {
                    handled.completeExceptionally(e);
                }
            }, "failures-test-server");
            thread.setDaemon(true);
        }

        static LoopbackServer start(Action action) throws IOException {
            LoopbackServer server = new LoopbackServer(new ServerSocket(0, 50, LOOPBACK), action);
            server.thread.start();
            return server;
        }

        InetSocketAddress address() {
            return new InetSocketAddress(LOOPBACK, socket.getLocalPort());
        }

        int port() {
            return socket.getLocalPort();
        }

        void awaitHandled() throws Exception {
            handled.get(AWAIT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(TimeUnit.SECONDS.toMillis(AWAIT_SECONDS));
        }
    }
}
