package dev.bulkfetch.http;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.loop.Transport;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbedContent;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS against the embedded testbed on 127.0.0.1, names resolved through the DNS testbed (or a hosts file, for
 * names without a dot): verification with a private CA given as a PEM file, SNI, the ways a certificate is
 * refused, a plain-HTTP server behind an https URL, and keep-alive over TLS.
 */
class HttpEngineTlsTest {
    private static final String HOST = "www.bulkfetch.test";
    /**
     * The connect timeout also bounds the handshake; generous, because the first handshake in a JVM loads the
     * trust store and the certificate path validator.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A short one, for the test that pins the handshake ending within it. */
    private static final Duration SHORT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Room for a loaded machine on top of a deadline the engine must keep. */
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private static TestCertificates.Authority ca;
    private static Path caFile;
    private static DnsTestbed dns;
    private static EventLoopGroup group;
    private static EventLoop loop;
    private static DnsEngine resolver;

    @BeforeAll
    static void start(@TempDir Path dir) {
        ca = TestCertificates.authority("bulkfetch test CA");
        caFile = ca.writePem(dir);
        dns = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build());
        group = Transport.best().newGroup(1, "test-https-loop");
        loop = group.next();
        resolver = DnsEngine.start(DnsEngineConfig.builder().resolver(dns.address())
                .timeout(Duration.ofMillis(500)).build(), loop);
    }

    @AfterAll
    static void stop() {
        resolver.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dns.close();
    }

    @Test
    void fetchOverTlsWithTrustedCaReportsBodyVersionCipherAndHandshakeTime() throws Exception {
        try (HttpTestbed server = https(ca.issue(HOST).serverContext());
             HttpEngine engine = engine(b -> b.caFile(caFile))) {
            HttpFetchResult r = get(engine, url(server, "/bytes/1000"));
            assertNull(r.error());
            assertEquals(200, r.status());
            assertEquals(HttpTestbedContent.sha256Hex(HttpTestbedContent.body(1000)), r.payload().sha256());
            assertEquals("127.0.0.1", r.ip());
            assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(r.tls().version()), r.tls().version());
            assertNotNull(r.tls().cipher());
            assertTrue(r.tls().cipher().startsWith("TLS_"), r.tls().cipher());
            assertTrue(r.timings().tls() >= 0, "tls " + r.timings().tls());
            assertTrue(r.timings().dns() >= 0, "dns " + r.timings().dns());
        }
    }

    @Test
    void serverSeesTheRequestedHostNameAsSni() throws Exception {
        Queue<String> sni = new ConcurrentLinkedQueue<>();
        try (HttpTestbed server = https(recordingSni(ca.issue(HOST).serverContext(), sni));
             HttpEngine engine = engine(b -> b.caFile(caFile))) {
            assertEquals(200, get(engine, url(server, "/bytes/10")).status());
            assertEquals(List.of(HOST), List.copyOf(sni));
        }
    }

    /**
     * The JDK's engine leaves SNI out for a name without a dot; curl sends it, and a server that picks its
     * certificate by name (a proxy for {@code https://intranet/}, a dev server on localhost) needs it. The names
     * resolve to 127.0.0.1 through a hosts file, as localhost does on any machine.
     */
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "intranet"})
    void hostNameWithoutADotGoesOutAsSni(String name, @TempDir Path dir) throws Exception {
        Queue<String> sni = new ConcurrentLinkedQueue<>();
        HostsFile hosts = HostsFile.read(Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + name + "\n"));
        try (HttpTestbed server = https(recordingSni(ca.issue(name).serverContext(), sni));
             HttpEngine engine = engine(b -> b.caFile(caFile), hosts)) {
            HttpFetchResult r = get(engine, "https://" + name + ":" + server.port() + "/bytes/10");
            assertNull(r.error(), String.valueOf(r.error()));
            assertEquals(200, r.status());
            assertEquals(List.of(name), List.copyOf(sni));
        }
    }

    @Test
    void idnHostGoesOutAsPunycodeInSniAndIsVerifiedAgainstIt() throws Exception {
        Queue<String> sni = new ConcurrentLinkedQueue<>();
        String punycode = "xn--bcher-kva.bulkfetch.test";
        try (HttpTestbed server = https(recordingSni(ca.issue(punycode).serverContext(), sni));
             HttpEngine engine = engine(b -> b.caFile(caFile))) {
            HttpFetchResult r = get(engine, "https://bücher.bulkfetch.test:" + server.port() + "/bytes/10");
            assertNull(r.error(), String.valueOf(r.error()));
            assertEquals(200, r.status());
            assertEquals(List.of(punycode), List.copyOf(sni));
        }
    }

    @Test
    void ipLiteralUrlIsVerifiedAgainstAnIpSanAndSendsNoSni() throws Exception {
        Queue<String> sni = new ConcurrentLinkedQueue<>();
        try (HttpTestbed server = https(recordingSni(ca.issue("127.0.0.1").serverContext(), sni));
             HttpEngine engine = engine(b -> b.caFile(caFile))) {
            HttpFetchResult r = get(engine, server.baseUrl() + "/bytes/10");
            assertNull(r.error());
            assertEquals(200, r.status());
            assertEquals(List.of(), List.copyOf(sni)); // RFC 6066: SNI carries host names, never addresses
        }
    }

    @Test
    void certificateFromAnUntrustedCaFailsTheHandshakeUnlessInsecure() throws Exception {
        try (HttpTestbed server = https(ca.issue(HOST).serverContext());
             HttpEngine verifying = engine(b -> { });
             HttpEngine insecure = engine(b -> b.insecure(true))) {
            HttpFetchResult refused = get(verifying, url(server, "/bytes/10"));
            assertEquals(ErrorKind.TLS_HANDSHAKE, refused.error().kind());
            assertTrue(refused.error().message().contains("certificate"), refused.error().message());
            assertEquals(-1, refused.status());

            HttpFetchResult accepted = get(insecure, url(server, "/bytes/10"));
            assertNull(accepted.error());
            assertEquals(200, accepted.status());
        }
    }

    @Test
    void caFileReplacesTheDefaultTrustRatherThanAddingToIt() throws Exception {
        TestCertificates.Authority other = TestCertificates.authority("some other CA");
        try (HttpTestbed server = https(other.issue(HOST).serverContext());
             HttpEngine engine = engine(b -> b.caFile(caFile))) {
            HttpFetchResult r = get(engine, url(server, "/bytes/10"));
            assertEquals(ErrorKind.TLS_HANDSHAKE, r.error().kind());
            assertTrue(r.error().message().contains("certificate"), r.error().message());
        }
    }

    @Test
    void selfSignedCertificateFailsVerificationButPassesWhenInsecure() throws Exception {
        try (HttpTestbed server = https(TestCertificates.selfSigned(HOST).serverContext());
             HttpEngine verifying = engine(b -> b.caFile(caFile));
             HttpEngine insecure = engine(b -> b.insecure(true))) {
            HttpFetchResult refused = get(verifying, url(server, "/bytes/10"));
            assertEquals(ErrorKind.TLS_HANDSHAKE, refused.error().kind());
            assertTrue(refused.error().message().contains("certificate"), refused.error().message());
            assertEquals(200, get(insecure, url(server, "/bytes/10")).status());
        }
    }

    @Test
    void certificateForAnotherNameFailsTheHandshake() throws Exception {
        try (HttpTestbed server = https(ca.issue("other.bulkfetch.test").serverContext());
             HttpEngine engine = engine(b -> b.caFile(caFile))) {
            HttpFetchResult r = get(engine, url(server, "/bytes/10"));
            assertEquals(ErrorKind.TLS_HANDSHAKE, r.error().kind());
            assertTrue(r.error().message().contains(HOST), r.error().message());
        }
    }

    @Test
    void expiredCertificateFailsTheHandshake() throws Exception {
        try (HttpTestbed server = https(ca.issueExpired(HOST).serverContext());
             HttpEngine engine = engine(b -> b.caFile(caFile))) {
            HttpFetchResult r = get(engine, url(server, "/bytes/10"));
            assertEquals(ErrorKind.TLS_HANDSHAKE, r.error().kind());
            assertTrue(r.error().message().contains("expired"), r.error().message());
        }
    }

    @Test
    void httpsUrlToAPlainHttpServerFailsTheHandshakeWithinTheConnectTimeout() throws Exception {
        try (HttpTestbed server = HttpTestbed.start();
             HttpEngine engine = engine(b -> b.caFile(caFile).connectTimeout(SHORT_CONNECT_TIMEOUT))) {
            HttpFetchResult r = get(engine, url(server, "/bytes/10"));
            assertEquals(ErrorKind.TLS_HANDSHAKE, r.error().kind());
            assertTrue(r.timings().total() < SHORT_CONNECT_TIMEOUT.plus(MARGIN).toNanos(),
                    "took " + TimeUnit.NANOSECONDS.toMillis(r.timings().total()) + " ms");
        }
    }

    @Test
    void sequentialFetchesToOneOriginShareOneTlsConnection() throws Exception {
        try (HttpTestbed server = https(ca.issue(HOST).serverContext());
             HttpEngine engine = engine(b -> b.caFile(caFile).perHost(1))) {
            for (int i = 0; i < 20; i++) {
                HttpFetchResult r = get(engine, url(server, "/bytes/" + (100 + i)));
                assertNull(r.error(), "fetch " + i);
                assertEquals(HttpTestbedContent.sha256Hex(HttpTestbedContent.body(100 + i)), r.payload().sha256(), "fetch " + i);
                assertNotNull(r.tls(), "fetch " + i);
                // Only the fetch that opened the connection paid for the handshake.
                assertEquals(i == 0, r.timings().tls() >= 0, "fetch " + i + " tls " + r.timings().tls());
            }
            assertEquals(1, server.connectionsAccepted());
            assertEquals(20, server.requestsServed());
        }
    }

    @Test
    void unreadableCaFileStopsTheEngineFromStarting(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "not a certificate\n");
        HttpEngineConfig config = HttpEngineConfig.builder().caFile(notPem).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpEngine.start(config, loop, resolver, HostsFile.empty()));
        assertTrue(e.getMessage().contains(notPem.toString()), e.getMessage());
    }

    private static HttpTestbed https(SslContext tls) {
        return HttpTestbed.start(HttpTestbedConfig.builder().tls(tls).build());
    }

    private static HttpEngine engine(Consumer<HttpEngineConfig.Builder> settings) {
        return engine(settings, HostsFile.empty());
    }

    private static HttpEngine engine(Consumer<HttpEngineConfig.Builder> settings, HostsFile hosts) {
        HttpEngineConfig.Builder b = HttpEngineConfig.builder().connectTimeout(CONNECT_TIMEOUT);
        settings.accept(b);
        return HttpEngine.start(b.build(), loop, resolver, hosts);
    }

    /** The path on the testbed, by name: {@value #HOST} resolves to 127.0.0.1 through the DNS testbed. */
    private static String url(HttpTestbed server, String path) {
        return "https://" + HOST + ":" + server.port() + path;
    }

    private static HttpFetchResult get(HttpEngine engine, String url) throws Exception {
        // Longer than the engine's total timeout: the engine, not this wait, decides how a fetch ends.
        return engine.fetch(HttpUrl.parse(url)).get(60, TimeUnit.SECONDS);
    }

    /** The server context, recording each host name a client asks for (SNI) as its handshake reads it. */
    private static SslContext recordingSni(SslContext server, Queue<String> names) {
        return new DelegatingSslContext(server) {
            @Override
            protected void initEngine(SSLEngine engine) {
                SSLParameters params = engine.getSSLParameters();
                params.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        names.add(new SNIHostName(name.getEncoded()).getAsciiName());
                        return true;
                    }
                }));
                engine.setSSLParameters(params);
            }
        };
    }
}
