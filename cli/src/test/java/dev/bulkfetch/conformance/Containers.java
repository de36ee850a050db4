package dev.bulkfetch.conformance;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * What every container of the conformance tests shares: an image built locally by
 * {@code docker/bootstrap.sh} and never pulled, host networking (servers bind 127.0.0.1 ports, no
 * traffic crosses a docker bridge), and labels by which the bootstrap finds containers that a
 * killed test run left behind.
 */
final class Containers {
    static final String TESTBED_IMAGE = "bulkfetch/testbed:latest";
    /** The bulkfetch image of docker/bootstrap.sh; the tests run this build's jar in a layer over it ({@link CliImage}). */
    static final String CLI_IMAGE = "bulkfetch/cli:latest";
    /** Marks our containers; docker/bootstrap.sh removes those whose owner is gone. */
    static final String LABEL = "dev.bulkfetch.testbed";
    /** The JVM that started the container: while it lives, the container is in use. */
    static final String OWNER_LABEL = "dev.bulkfetch.owner-pid";

    private Containers() {
    }

    /** A container of a local image on the host network, labelled with its role and owner. */
    static GenericContainer<?> local(String image, String role) {
        return new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(name -> false)
                .withNetworkMode("host")
                .withLabel(LABEL, role)
                .withLabel(OWNER_LABEL, Long.toString(ProcessHandle.current().pid()));
    }
}
