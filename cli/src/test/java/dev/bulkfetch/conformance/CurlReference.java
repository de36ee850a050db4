package dev.bulkfetch.conformance;

import dev.bulkfetch.testbed.HttpTestbedContent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches URLs with {@code curl --compressed}, one process reusing one connection, and reports what
 * it got: the reference bulkfetch is compared with.
 */
final class CurlReference {
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private CurlReference() {
    }

    /** What curl got for each URL, in the order given; bodies are kept under {@code dir}. */
    static Map<String, Fetched> fetch(List<String> urls, Path dir) throws IOException, InterruptedException {
        // a config file gives every URL its own output file (one -o only covers the first URL)
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < urls.size(); i++) {
            config.append("url = \"").append(urls.get(i)).append("\"\n")
                    .append("output = \"").append(dir.resolve("curl-" + i)).append("\"\n");
        }
        Path configFile = dir.resolve("curl.config");
        Files.writeString(configFile, config);
        String report = HostTool.run(DEADLINE, List.of("curl", "--config", configFile.toString(), "--compressed",
                "--silent", "--show-error", "--noproxy", "*", "--max-time", "60",
                "--write-out", "%{http_code}\\t%header{content-encoding}\\t%header{transfer-encoding}\\n"));
        List<String> lines = report.lines().toList();
        if (lines.size() != urls.size()) {
            throw new AssertionError("curl reported " + lines.size() + " transfers for " + urls.size() + " URLs: " + report);
        }
        Map<String, Fetched> fetched = new LinkedHashMap<>();
        for (int i = 0; i < urls.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            byte[] body = Files.readAllBytes(dir.resolve("curl-" + i));
            fetched.put(urls.get(i), new Fetched(Integer.parseInt(f[0]), HttpTestbedContent.sha256Hex(body),
                    f[1].isEmpty() ? null : f[1], f[2].equalsIgnoreCase("chunked")));
        }
        return fetched;
    }
}
