package dev.bulkfetch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulkfetch testbed --arrival-log FILE} and {@code --bind}: one line per request, kept on SIGTERM (the writer
 * itself: dev.bulkfetch.testbed.ArrivalLogWriterTest).
 */
class TestbedArrivalLogTest {

    @Test
    void testbedOnTwoAddressesLogsEveryRequestAndFlushesOnSigterm(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("arrivals.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "testbed",
                "--bind", "127.0.0.1", "--bind", "127.0.0.2", "--arrival-log", log.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            List<String> urls = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("running")) {
                if (line.startsWith("http ")) {
                    urls.add(line.substring("http ".length()));
                }
            }
            assertNotNull(line, "the testbed ended before it ran");
            int port = Integer.parseInt(urls.get(0).substring(urls.get(0).lastIndexOf(':') + 1));
            assertEquals(List.of("http://127.0.0.1:" + port, "http://127.0.0.2:" + port), urls);

            get("127.0.0.1", port, "Shop.Example.TEST:" + port, "/robots.txt");
            get("127.0.0.2", port, "shop.example.test", "/page/a");

            child.destroy();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the testbed did not stop on SIGTERM");
        } finally {
            child.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(List.of("shop.example.test /robots.txt", "shop.example.test /page/a"),
                lines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList());
        assertTrue(lines.get(0).matches("\\d{16} .*"), lines.get(0));
    }

    private static void get(String address, int port, String host, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream request = socket.getOutputStream();
            request.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 200 OK", status);
            socket.getInputStream().readAllBytes();
        }
    }
}
