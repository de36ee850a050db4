package dev.bulkfetch.conformance;

import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether containers can run here: a Docker daemon that answers, and the images that
 * {@code docker/bootstrap.sh} builds. Never waits long and never pulls.
 */
final class DockerAvailability {
    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    private static final long DAEMON_ANSWER_SECONDS = 30;
    private static String daemonProblem;
    private static boolean daemonChecked;

    private DockerAvailability() {
    }

    /** Null when a daemon answers and has every image; otherwise what is missing, in a few words. */
    static String problem(List<String> images) {
        String problem = daemonProblem();
        if (problem != null) {
            return problem;
        }
        List<String> missing = new ArrayList<>();
        for (String image : images) {
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                missing.add(image);
            }
        }
        return missing.isEmpty() ? null : "image(s) " + String.join(", ", missing) + " missing: run docker/bootstrap.sh";
    }

    private static synchronized String daemonProblem() {
        if (!daemonChecked) {
            daemonChecked = true;
            daemonProblem = probeDaemon();
        }
        return daemonProblem;
    }

    private static String probeDaemon() {
        String host = System.getenv("DOCKER_HOST");
        // Without DOCKER_HOST, look at the socket first: asking Testcontainers to find a daemon that
        // is not there logs a page of errors, one per strategy it tries.
        if (host == null || host.isBlank()) {
            if (!Files.exists(DEFAULT_SOCKET)) {
                return "Docker is not available (no daemon socket at " + DEFAULT_SOCKET + "; .ci/run installs and starts one)";
            }
            // a daemon killed without clean-up leaves its socket file behind
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(DEFAULT_SOCKET))) {
                channel.finishConnect();
            } catch (IOException e) {
                return "Docker is not available (no daemon listens on " + DEFAULT_SOCKET + ": " + e.getMessage() + ")";
            }
        }
        // a daemon that accepts connections but never answers must not hang the build
        CompletableFuture<Boolean> available = CompletableFuture.supplyAsync(
                () -> DockerClientFactory.instance().isDockerAvailable());
        try {
            if (available.get(DAEMON_ANSWER_SECONDS, TimeUnit.SECONDS)) {
                return null;
            }
            return "Docker is not available (no daemon answers at " + (host == null ? DEFAULT_SOCKET : host) + ")";
        } catch (TimeoutException e) {
            return "Docker is not available (the daemon did not answer within " + DAEMON_ANSWER_SECONDS + " s)";
        } catch (ExecutionException e) {
            return "Docker is not available (" + e.getCause() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for Docker";
        }
    }
}
