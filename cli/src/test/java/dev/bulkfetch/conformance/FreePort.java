package dev.bulkfetch.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A port on 127.0.0.1 that is free right now, for a containerized server on the host network to
 * bind. The kernel picks it (bind to port 0), then the socket is closed and the port handed over.
 */
final class FreePort {
    private static final int ATTEMPTS = 20;

    private FreePort() {
    }

    /** A port free for TCP, and for UDP too when {@code udpToo} (a DNS server binds both). */
    static int pick(boolean udpToo) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < ATTEMPTS; i++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                port = tcp.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!udpToo || udpFree(loopback, port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP on 127.0.0.1 after " + ATTEMPTS + " tries");
    }

    private static boolean udpFree(InetAddress loopback, int port) {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
