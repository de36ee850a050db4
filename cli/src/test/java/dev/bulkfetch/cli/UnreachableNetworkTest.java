package dev.bulkfetch.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NO_ROUTE and NET_UNREACHABLE end to end, without sending a packet anywhere: the CLI runs in a
 * network namespace the test creates, where 198.18.0.0/24 has no route at all (ENETUNREACH) and
 * 198.18.1.0/24 has an "unreachable" route (EHOSTUNREACH). The kernel refuses both connects at once.
 * Needs root and iproute2 (CI has both); elsewhere the test is skipped with a clear reason.
 */
class UnreachableNetworkTest {

    @ParameterizedTest(name = "native epoll disabled: {0}")
    @ValueSource(booleans = {false, true})
    void connectsWithoutARouteAreNamedWithTheirErrno(boolean nio) throws Exception {
        String ns = "bulkfetch-test-" + ProcessHandle.current().pid() + (nio ? "-nio" : "-epoll");
        Assumptions.assumeTrue(run("ip", "netns", "add", ns) == 0,
                "cannot create a network namespace (needs root and iproute2): test skipped");
        try {
            // loopback up, for the (unused) resolver socket; nothing else is routed
            assertEquals(0, run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"));
            assertEquals(0, run("ip", "netns", "exec", ns, "ip", "route", "add", "unreachable", "198.18.1.0/24"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, java));
            if (nio) {
                cmd.add("-Dio.netty.transport.noNative=true");
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "http", "-q",
                    "--resolver", "127.0.0.1:9", "--connect-timeout", "3s",
                    "http://198.18.0.1:9/", "http://198.18.1.1:9/"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI finished");
            assertEquals(0, p.exitValue(), out);
            String netLine = line(out, "\"line\":1");
            String hostLine = line(out, "\"line\":2");
            assertTrue(hostLine.contains("\"kind\":\"NO_ROUTE\",\"errno\":113"), hostLine);
            if (nio) {
                assertTrue(netLine.contains("\"kind\":\"NET_UNREACHABLE\",\"errno\":101"), netLine);
            } else {
                // Netty's epoll transport reports ENETUNREACH as a bare NoRouteToHostException
                assertTrue(netLine.contains("\"kind\":\"NET_UNREACHABLE\",\"errno\":101")
                        || netLine.contains("\"kind\":\"NO_ROUTE\",\"errno\":113"), netLine);
            }
        } finally {
            run("ip", "netns", "del", ns);
        }
    }

    private static String line(String out, String marker) {
        return out.lines().filter(l -> l.contains(marker)).findFirst().orElse("(no record with " + marker + ")");
    }

    private static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
