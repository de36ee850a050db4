package dev.bulkfetch.conformance;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.bulkfetch.testbed.HttpTestbedContent;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.testcontainers.DockerClientFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The bulkfetch image under test: the image {@code docker/bootstrap.sh} built ({@link Containers#CLI_IMAGE}:
 * Debian's JRE, the unprivileged user, the entry point) with one layer on top holding this build's
 * {@code cli/target/bulkfetch.jar} and {@code bin/bulkfetch}. Without it the tests would run whatever jar
 * the image was last built with, and the jar changes with every {@code mvn package}.
 *
 * <p>Built in a second or two from a context of those two files and a three-line Dockerfile; nothing is
 * pulled (the base is local, checked by the preconditions, and the build asks for no pull). Each JVM
 * builds its own, tagged with its pid and labelled with it as owner, and removes it on {@link #close()};
 * {@code docker/bootstrap.sh} removes those of killed runs.
 */
final class CliImage implements AutoCloseable {
    /** Where docker/Dockerfile puts the jar and the launcher. */
    static final String JAR_IN_IMAGE = "/opt/bulkfetch/bulkfetch.jar";
    static final String LAUNCHER_IN_IMAGE = "/usr/local/bin/bulkfetch";
    /** sha256 of the docker/Dockerfile an image was built from; docker/bootstrap.sh sets it. */
    static final String DOCKERFILE_LABEL = "dev.bulkfetch.dockerfile-sha256";
    /** sha256 of the jar in the image. */
    static final String JAR_LABEL = "dev.bulkfetch.jar-sha256";
    private static final Duration BUILD_DEADLINE = Duration.ofMinutes(3);

    private final String name;

    private CliImage(String name) {
        this.name = name;
    }

    /** The jar of this build (failsafe passes its path; the fallback is for a run from the module). */
    static Path jar() {
        return Path.of(System.getProperty("bulkfetch.jar", "target/bulkfetch.jar")).toAbsolutePath().normalize();
    }

    /** The launcher of this checkout. */
    static Path launcher() {
        return Path.of(System.getProperty("bulkfetch.launcher", "../bin/bulkfetch")).toAbsolutePath().normalize();
    }

    /** The Dockerfile of this checkout, which the base image must have been built from. */
    static Path dockerfile() {
        return Path.of(System.getProperty("bulkfetch.dockerfile", "../docker/Dockerfile")).toAbsolutePath().normalize();
    }

    /**
     * Builds the image of this build's jar and launcher over {@link Containers#CLI_IMAGE}. Fails with what
     * to do when the jar is missing or the base image is of another docker/Dockerfile (it would test a
     * runtime that the Dockerfile no longer describes).
     */
    static CliImage build() {
        Path jar = jar();
        Path launcher = launcher();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": the image tests run the jar of this build"
                    + " (mvn -B verify packages it first; alone: mvn -B package -DskipTests)");
        }
        DockerClient docker = DockerClientFactory.instance().client();
        Map<String, String> labels = docker.inspectImageCmd(Containers.CLI_IMAGE).exec().getConfig().getLabels();
        String baseLabel = labels == null ? null : labels.get(DOCKERFILE_LABEL);
        String wantLabel = sha256(dockerfile());
        if (!wantLabel.equals(baseLabel)) {
            throw new IllegalStateException(Containers.CLI_IMAGE + " was built from another docker/Dockerfile than "
                    + dockerfile() + " (label " + DOCKERFILE_LABEL + " " + baseLabel + ", the file's sha256 "
                    + wantLabel + "): run docker/bootstrap.sh");
        }
        byte[] jarBytes = read(jar);
        String name = "bulkfetch/cli:it-" + ProcessHandle.current().pid();
        String dockerfile = "FROM " + Containers.CLI_IMAGE + "\n"
                + "COPY bulkfetch.jar " + JAR_IN_IMAGE + "\n"
                + "COPY bulkfetch " + LAUNCHER_IN_IMAGE + "\n";
        byte[] context = tar(Map.of(
                "Dockerfile", new Entry(dockerfile.getBytes(StandardCharsets.UTF_8), 0644),
                "bulkfetch.jar", new Entry(jarBytes, 0644),
                "bulkfetch", new Entry(read(launcher), 0755)));
        docker.buildImageCmd(new ByteArrayInputStream(context))
                .withTags(Set.of(name))
                .withPull(false)   // the base is local; never look for a newer one
                .withForcerm(true)
                .withLabels(Map.of(
                        Containers.OWNER_LABEL, Long.toString(ProcessHandle.current().pid()),
                        JAR_LABEL, HttpTestbedContent.sha256Hex(jarBytes)))
                .exec(new BuildImageResultCallback())
                .awaitImageId(BUILD_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return new CliImage(name);
    }

    /** The image's name, for {@link Containers#local}. */
    String name() {
        return name;
    }

    /** Removes the image (and the build's untagged intermediate images); the base stays. */
    @Override
    public void close() {
        try {
            DockerClientFactory.instance().client().removeImageCmd(name).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (RuntimeException e) {
            // a container still using it, say: docker/bootstrap.sh removes it once this JVM is gone
            System.err.println("could not remove " + name + ": " + e.getMessage());
        }
    }

    static String sha256(Path file) {
        return HttpTestbedContent.sha256Hex(read(file));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Entry(byte[] bytes, int mode) {
    }

    private static byte[] tar(Map<String, Entry> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, Entry> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().bytes().length);
                entry.setMode(0100000 | file.getValue().mode());   // a regular file
                tar.putArchiveEntry(entry);
                tar.write(file.getValue().bytes());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
