package dev.bulkfetch.conformance;

import dev.bulkfetch.testbed.HttpTestbedContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The bulkfetch image (docker/Dockerfile) does what the jar does: its entry point runs the command, as
 * an unprivileged user, against the real servers of the testbed on the host network. The image is that of
 * this build's jar ({@link CliImage}), not whatever {@code bulkfetch/cli} was last built with.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CliImageIT {
    @RegisterExtension
    static final ContainerPreconditions NEEDS =
            new ContainerPreconditions(List.of(Containers.TESTBED_IMAGE, Containers.CLI_IMAGE), List.of());

    private static final Duration RUN_DEADLINE = Duration.ofSeconds(90);
    private static CliImage image;
    private static TestbedServer nsd;
    private static TestbedServer nginx;

    @BeforeAll
    static void buildImageAndStartServers() {
        if (!NEEDS.met()) {
            return;
        }
        image = CliImage.build();
        nsd = TestbedServer.start(TestbedServer.Kind.NSD);
        nginx = TestbedServer.start(TestbedServer.Kind.NGINX);
    }

    @AfterAll
    static void stopServersAndRemoveImage() {
        for (AutoCloseable resource : new AutoCloseable[] {nsd, nginx, image}) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("could not close " + resource + ": " + e);
                }
            }
        }
    }

    @Test
    void imageRunsTheJarAndLauncherOfThisBuild() {
        List<String> lines = runImage(List.of("sha256sum"), CliImage.JAR_IN_IMAGE, CliImage.LAUNCHER_IN_IMAGE);
        assertEquals(List.of(
                CliImage.sha256(CliImage.jar()) + "  " + CliImage.JAR_IN_IMAGE,
                CliImage.sha256(CliImage.launcher()) + "  " + CliImage.LAUNCHER_IN_IMAGE),
                lines, "sha256 of the image's jar and launcher, against " + CliImage.jar() + " and " + CliImage.launcher());
    }

    @Test
    void imageRunsAsAnUnprivilegedUser() {
        String user = DockerClientFactory.instance().client().inspectImageCmd(image.name()).exec()
                .getConfig().getUser();
        assertNotEquals("", user == null ? "" : user, "the image's user");
        assertNotEquals("root", user);
        assertNotEquals("0", user);
    }

    @Test
    void imageSweepsAReverseRangeAgainstNsd() {
        Map<String, String> zone = ReverseZone.ptrs(new String(
                nsd.readFile("/srv/testbed/zones/18.198.in-addr.arpa.zone"), StandardCharsets.US_ASCII));
        List<String> lines = bulkfetchImage("rdns", "--resolver", "127.0.0.1:" + nsd.port(), "--no-recursion",
                "--format", "simple", "198.18.7.0/24");
        assertEquals(256, lines.size(), "one line per address");
        for (String line : lines) {
            String[] f = line.split(" ");
            assertEquals(zone.get(f[0]), f[2], line);
        }
    }

    @Test
    void imageFetchesAGzippedChunkedFileFromNginx() {
        String sha = HttpTestbedContent.sha256Hex(nginx.readFile("/srv/testbed/www/pattern-100k.bin"));
        List<String> lines = bulkfetchImage("http", "--resolver", "127.0.0.1:9",
                "http://127.0.0.1:" + nginx.port() + "/gzip/pattern-100k.bin");
        assertEquals(1, lines.size(), lines.toString());
        Map<String, Object> record = Json.object(lines.get(0));
        assertNull(record.get("error"), lines.get(0));
        assertEquals(new Fetched(200, sha, "gzip", true), Fetched.fromRecord(record), lines.get(0));
    }

    /** Runs the image with these arguments to its entry point; its standard output, line by line. */
    private static List<String> bulkfetchImage(String... args) {
        return runImage(List.of(), args);
    }

    /** Runs the image with another entry point (none: the image's own); its standard output, line by line. */
    private static List<String> runImage(List<String> entrypoint, String... args) {
        try (GenericContainer<?> run = Containers.local(image.name(), "cli")
                .withCreateContainerCmdModifier(cmd -> {
                    if (!entrypoint.isEmpty()) {
                        cmd.withEntrypoint(entrypoint);
                    }
                })
                .withCommand(args)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(RUN_DEADLINE))) {
            run.start();   // returns once the command exited with status 0, fails otherwise
            return run.getLogs(OutputFrame.OutputType.STDOUT).lines().toList();
        }
    }
}
