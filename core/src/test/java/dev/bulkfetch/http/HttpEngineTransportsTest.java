package dev.bulkfetch.http;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.loop.Transport;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbedContent;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.SocketChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Connections are made by the engine itself, of the peer's address family, on either transport:
 * IPv4 and IPv6 literals, each over epoll and NIO, with a connection per request and with keep-alive.
 */
class HttpEngineTransportsTest {

    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.getInetAddress() instanceof Inet6Address;
        } catch (Exception e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface EngineUse {
        void run(HttpEngine engine) throws Exception;
    }

    /** An engine on its own loop of {@code transport}, with a DNS engine of the same transport. */
    private static void withEngine(Transport transport, boolean close, EngineUse use) throws Exception {
        EventLoopGroup group = transport.newGroup(1, "test-transport-loop");
        DnsTestbed dnsServer = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build());
        try {
            DnsEngine dns = DnsEngine.start(DnsEngineConfig.builder().resolver(dnsServer.address()).transport(transport)
                    .build(), group.next());
            HttpEngineConfig.Builder b = HttpEngineConfig.builder().transport(transport);
            if (close) {
                b.header("Connection", "close");
            }
            HttpEngine engine = HttpEngine.start(b.build(), dns.loop(), dns, HostsFile.empty());
            try {
                use.run(engine);
            } finally {
                engine.close();
                dns.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            dnsServer.close();
        }
    }

    private static void fetchesEveryBody(Transport transport, boolean close) throws Exception {
        try (HttpTestbed server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build())) {
            withEngine(transport, close, engine -> {
                List<CompletableFuture<HttpFetchResult>> all = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    all.add(engine.fetch(HttpUrl.parse(server.baseUrl() + "/bytes/" + (100 + i))));
                }
                for (int i = 0; i < all.size(); i++) {
                    HttpFetchResult r = all.get(i).get(30, TimeUnit.SECONDS);
                    String what = transport + (close ? " close" : " keep-alive") + " #" + i;
                    assertNull(r.error(), what + " -> " + r.error());
                    assertEquals(200, r.status(), what);
                    assertEquals(HttpTestbedContent.sha256Hex(HttpTestbedContent.expectedBody("/bytes/" + (100 + i))),
                            r.payload().sha256(), what);
                }
            });
        }
    }

    @Test
    void aNewConnectionOnEitherTransportHasNagleOffWithoutTheEngineSettingItAgain() {
        // the engine relies on Netty's socket config for TCP_NODELAY (setting it again was a system call per
        // connection): a request written after a response must not wait for the peer's delayed ACK
        List<Transport> transports = Epoll.isAvailable() ? List.of(Transport.NIO, Transport.EPOLL) : List.of(Transport.NIO);
        for (Transport t : transports) {
            SocketChannel ch = t.newSocketChannel(InetAddress.getLoopbackAddress());
            try {
                assertTrue(ch.config().isTcpNoDelay(), t.name());
            } finally {
                ch.unsafe().closeForcibly();
            }
        }
    }

    @Test
    void nioFetchesFromIpv4WithAndWithoutKeepAlive() throws Exception {
        fetchesEveryBody(Transport.NIO, true);
        fetchesEveryBody(Transport.NIO, false);
    }

    @Test
    void epollFetchesFromIpv4WithAndWithoutKeepAlive() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        fetchesEveryBody(Transport.EPOLL, true);
        fetchesEveryBody(Transport.EPOLL, false);
    }

    @Test
    void bothTransportsFetchFromAnIpv6Literal() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        List<Transport> transports = Epoll.isAvailable() ? List.of(Transport.NIO, Transport.EPOLL) : List.of(Transport.NIO);
        // the testbed binds 127.0.0.0/8 only: a server of a few lines on ::1, one response per connection
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            Thread serve = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        s.setSoTimeout(5000);
                        InputStream in = s.getInputStream();
                        int last = 0;
                        int b;
                        while ((b = in.read()) >= 0) { // to the blank line that ends the request
                            last = (last << 8 | b) & 0xffffffff;
                            if (last == 0x0d0a0d0a) {
                                break;
                            }
                        }
                        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nv6")
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // closed listener, or a client that went away: the next one is served
                    }
                }
            }, "test-ipv6-server");
            serve.setDaemon(true);
            serve.start();
            for (Transport t : transports) {
                withEngine(t, false, engine -> {
                    for (int i = 0; i < 10; i++) {
                        HttpFetchResult r = engine.fetch(HttpUrl.parse("http://[::1]:" + listener.getLocalPort() + "/" + i))
                                .get(30, TimeUnit.SECONDS);
                        assertNull(r.error(), t + " #" + i + " -> " + r.error());
                        assertEquals(200, r.status(), t + " #" + i);
                        assertEquals(2, r.payload().bytes(), t + " #" + i);
                    }
                });
            }
        }
    }
}
