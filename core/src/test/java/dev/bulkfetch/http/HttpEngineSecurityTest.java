package dev.bulkfetch.http;

import dev.bulkfetch.error.ErrorKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the engine is willing to send requests: only to what the input named and what http/https redirects led
 * to. A honeypot listener that no input names may never see a connection, whatever the redirects and URLs
 * try; and the Host header of an IDN name is its punycode.
 */
class HttpEngineSecurityTest {
    private ServerSocket honeypot;
    private final AtomicInteger honeypotConnections = new AtomicInteger();
    private ServerSocket redirector;
    private final List<String> requestsSeen = new CopyOnWriteArrayList<>();
    private volatile String nextLocation;

    @BeforeEach
    void start() throws IOException {
        honeypot = listen(s -> honeypotConnections.incrementAndGet());
        // answers every request with a 302 to nextLocation, and remembers the request head it read
        redirector = listen(s -> {
            requestsSeen.add(readHead(s.getInputStream()));
            s.getOutputStream().write(("HTTP/1.1 302 Found\r\nLocation: " + nextLocation
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        });
    }

    @AfterEach
    void stop() throws IOException {
        honeypot.close();
        redirector.close();
    }

    @Test
    void redirectsToOtherSchemesOrWithCredentialsAreRefusedAndNeverFetched() throws Exception {
        int hp = honeypot.getLocalPort();
        List<String> locations = List.of("file:///etc/passwd", "ftp://127.0.0.1:" + hp + "/pub",
                "gopher://127.0.0.1:" + hp + "/", "ldap://127.0.0.1:" + hp + "/", "javascript:fetch('/')",
                "data:text/html,<script>location='http://127.0.0.1:" + hp + "/'</script>",
                "http://user:secret@127.0.0.1:" + hp + "/", "//user:secret@127.0.0.1:" + hp + "/",
                "http://[::1%25lo]:" + hp + "/", "http://127.0.0.1:" + hp + "99999/");
        try (HttpFixture f = new HttpFixture(b -> b.follow(5))) {
            for (String location : locations) {
                nextLocation = location;
                HttpFetchResult r = f.fetchUrl("http://127.0.0.1:" + redirector.getLocalPort() + "/start");
                assertEquals(ErrorKind.REDIRECT_REFUSED, r.error() == null ? null : r.error().kind(),
                        location + " -> " + r.error());
                assertEquals(302, r.status(), location);
                assertEquals(List.of(), r.redirects(), location);
                assertFalse(r.error().message().contains("secret"), "credentials never repeated: " + r.error());
            }
        }
        assertEquals(0, honeypotConnections.get(), "no request to an address no input or followed redirect named");
        assertEquals(locations.size(), requestsSeen.size());
    }

    @Test
    void urlsThatTryToSmuggleAnotherAuthorityEitherFailAsInputOrGoWhereTheyShow() throws Exception {
        int hp = honeypot.getLocalPort();
        String shown = "127.0.0.1:" + redirector.getLocalPort();
        List<String> inputs = List.of("http://" + shown + "@127.0.0.1:" + hp + "/",
                "http://" + shown + "\\@127.0.0.1:" + hp + "/", "http://" + shown + "#@127.0.0.1:" + hp + "/",
                "http://" + shown + "?@127.0.0.1:" + hp + "/", "http://127.0.0.1:" + hp + "\\." + shown + "/",
                "http://" + shown + "/%2F%2F127.0.0.1:" + hp + "/", "http://" + shown + "/..//127.0.0.1:" + hp + "/");
        nextLocation = "/"; // the redirector answers a 302, not followed here
        int fetched = 0;
        try (HttpFixture f = new HttpFixture(b -> { })) {
            for (String input : inputs) {
                HttpUrl url;
                try {
                    url = HttpUrl.parse(input);
                } catch (IllegalArgumentException refused) {
                    continue; // an INVALID_INPUT record
                }
                assertEquals(redirector.getLocalPort(), url.port(), input);
                HttpFetchResult r = f.fetchUrl(input);
                assertNull(r.error(), input + " -> " + r.error());
                assertEquals(302, r.status(), input);
                fetched++;
            }
        }
        assertEquals(0, honeypotConnections.get());
        assertEquals(fetched, requestsSeen.size());
        assertTrue(fetched >= 3, "fragment, query and path forms are plain fetches of the shown authority");
    }

    @Test
    void idnHostIsSentAsPunycodeInTheHostHeaderAndLookedUpAsPunycode() throws Exception {
        nextLocation = "/";
        try (HttpFixture f = new HttpFixture(b -> { })) {
            // the DNS testbed answers any name of its zone with 127.0.0.1, but only if asked in ASCII
            HttpFetchResult r = f.fetchUrl("http://bücher.bulkfetch.test:" + redirector.getLocalPort() + "/ä?q=ü");
            assertNull(r.error(), String.valueOf(r.error()));
            assertEquals("127.0.0.1", r.ip());
        }
        String head = requestsSeen.get(0);
        assertTrue(head.startsWith("GET /%C3%A4?q=%C3%BC HTTP/1.1\r\n"), head);
        assertTrue(head.contains("\r\nHost: xn--bcher-kva.bulkfetch.test:" + redirector.getLocalPort() + "\r\n"), head);
    }

    /** What a listener does with each connection it accepts; exceptions end that connection only. */
    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private static ServerSocket listen(Handler handler) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(5_000);
                    handler.handle(s);
                } catch (IOException e) {
                    // closed at the end of the test, or a client that left
                }
            }
        }, "security-test-listener");
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
