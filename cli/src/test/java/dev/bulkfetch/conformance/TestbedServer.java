package dev.bulkfetch.conformance;

import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * One real server of the testbed image (docker/testbed/) on a free 127.0.0.1 port: nginx or NSD.
 * Started when its readiness line is logged (host networking leaves no mapped port to probe),
 * stopped and removed on {@link #close()}.
 */
final class TestbedServer implements AutoCloseable {
    /** A server of the image, the variable its port is passed in, and the line it logs when ready. */
    enum Kind {
        // nginx logs it once the listening sockets are bound; NSD once both zones are loaded
        NGINX("nginx", "HTTP_PORT", false, ".*start worker process.*"),
        NSD("nsd", "DNS_PORT", true, ".*nsd started.*");

        final String command;
        final String portVariable;
        final boolean udp;
        final String readyLine;

        Kind(String command, String portVariable, boolean udp, String readyLine) {
            this.command = command;
            this.portVariable = portVariable;
            this.udp = udp;
            this.readyLine = readyLine;
        }
    }

    private static final Duration STARTUP = Duration.ofSeconds(60);
    /** The server ends itself after this long, should this JVM die before it can stop it. */
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private final GenericContainer<?> container;
    private final int port;

    private TestbedServer(GenericContainer<?> container, int port) {
        this.container = container;
        this.port = port;
    }

    /** Starts a server of the given kind; the caller closes it. */
    static TestbedServer start(Kind kind) {
        int port = FreePort.pick(kind.udp);
        GenericContainer<?> container = Containers.local(Containers.TESTBED_IMAGE, kind.command)
                .withEnv(kind.portVariable, Integer.toString(port))
                .withEnv("TESTBED_LIFETIME", Long.toString(LIFETIME.toSeconds()))
                .withCommand(kind.command)
                .waitingFor(Wait.forLogMessage(kind.readyLine, 1).withStartupTimeout(STARTUP));
        container.start();
        return new TestbedServer(container, port);
    }

    /** The port on 127.0.0.1. */
    int port() {
        return port;
    }

    /** The bytes of a file in the container, such as the content nginx serves or a zone file. */
    byte[] readFile(String path) {
        return container.copyFileFromContainer(path, in -> in.readAllBytes());
    }

    /** Runs a command in the container and returns its standard output. */
    String exec(String... command) {
        try {
            Container.ExecResult result = container.execInContainer(command);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + result.getStderr());
            }
            return result.getStdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        container.stop();
    }
}
