package dev.bulkfetch.conformance;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Skips a container test class where it cannot run (no Docker, images not built, reference client
 * not installed) instead of failing it, and says why in one line. Each test is reported as skipped,
 * so a CI summary shows how many container tests did not run.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ContainerPreconditions NEEDS = new ContainerPreconditions(List.of(TESTBED_IMAGE), List.of("curl"));
 *
 * &#64;BeforeAll
 * static void start() { if (NEEDS.met()) { ... } }
 * </pre>
 */
final class ContainerPreconditions implements BeforeAllCallback, BeforeEachCallback {
    private static final Set<String> PRINTED = new HashSet<>();
    private final List<String> images;
    private final List<String> tools;
    private String unmet;

    ContainerPreconditions(List<String> images, List<String> tools) {
        this.images = images;
        this.tools = tools;
    }

    /** Whether the class's containers may be started; valid from the class's {@code @BeforeAll} on. */
    boolean met() {
        return unmet == null;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        unmet = DockerAvailability.problem(images);
        for (String tool : tools) {
            if (unmet == null && !HostTool.installed(tool)) {
                unmet = tool + " is not installed (the reference client; .ci/run installs it)";
            }
        }
        if (unmet != null) {
            unmet = "container conformance tests skipped: " + unmet;
            synchronized (PRINTED) {
                // failsafe's summary counts skips without their reason: print it, once per JVM
                if (PRINTED.add(unmet)) {
                    System.err.println(unmet);
                }
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(unmet == null, unmet);
    }
}
