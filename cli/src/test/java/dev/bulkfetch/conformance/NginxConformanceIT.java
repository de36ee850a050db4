package dev.bulkfetch.conformance;

import dev.bulkfetch.testbed.HttpTestbedContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bulkfetch against nginx: the same URLs fetched by bulkfetch and by {@code curl --compressed} give the
 * same status and decoded-body sha256, whatever framing nginx chose (Content-Length or chunked,
 * identity or gzip), over one kept-alive connection and pipelined.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NginxConformanceIT {
    @RegisterExtension
    static final ContainerPreconditions NEEDS =
            new ContainerPreconditions(List.of(Containers.TESTBED_IMAGE), List.of("curl"));

    /** How a body travels: Content-Encoding (null for none) and chunked or Content-Length framing. */
    private record Framing(String contentEncoding, boolean chunked) {
    }

    /** Path prefixes of the nginx testbed, one framing each (docker/testbed/nginx.conf.in). */
    private static final Map<String, Framing> FRAMING = new LinkedHashMap<>();
    /** Each URL is fetched this many times, so that connections carry many requests. */
    private static final int REPEAT = 3;

    static {
        FRAMING.put("plain", new Framing(null, false));
        FRAMING.put("static-gz", new Framing("gzip", false));
        FRAMING.put("chunked", new Framing(null, true));
        FRAMING.put("gzip", new Framing("gzip", true));
    }

    @TempDir
    static Path dir;
    private static TestbedServer nginx;
    /** sha256 of each file nginx serves, read from the container's disk. */
    private static final Map<String, String> FILES = new LinkedHashMap<>();
    /** Every file under every prefix, and a missing one (an error page) under each. */
    private static final List<String> URLS = new ArrayList<>();
    private static Map<String, Fetched> curl;

    @BeforeAll
    static void startNginxAndFetchEveryUrlWithCurl() throws Exception {
        if (!NEEDS.met()) {
            return;
        }
        nginx = TestbedServer.start(TestbedServer.Kind.NGINX);
        for (String name : nginx.exec("ls", "/srv/testbed/www").split("\n")) {
            if (!name.isBlank() && !name.endsWith(".gz")) {
                FILES.put(name, HttpTestbedContent.sha256Hex(nginx.readFile("/srv/testbed/www/" + name)));
            }
        }
        for (String prefix : FRAMING.keySet()) {
            for (String name : FILES.keySet()) {
                URLS.add(url(prefix, name));
            }
            URLS.add(url(prefix, "missing.bin"));
        }
        curl = CurlReference.fetch(URLS, dir);
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static String url(String prefix, String name) {
        return "http://127.0.0.1:" + nginx.port() + "/" + prefix + "/" + name;
    }

    @Test
    void everyPrefixServesTheFilesWithTheFramingItIsNamedFor() {
        List<String> wrong = new ArrayList<>();
        FRAMING.forEach((prefix, framing) -> FILES.forEach((name, sha) -> {
            Fetched got = curl.get(url(prefix, name));
            // nginx's SSI and gzip filters pass an empty body through as it is: Content-Length: 0
            Framing expected = name.equals("empty.bin") && framing.chunked() ? new Framing(null, false) : framing;
            Fetched want = new Fetched(200, sha, expected.contentEncoding(), expected.chunked());
            if (!got.equals(want)) {
                wrong.add(prefix + "/" + name + ": curl got " + got + ", want " + want);
            }
        }));
        assertTrue(wrong.isEmpty(), "the testbed does not serve what it claims:\n" + String.join("\n", wrong));
        assertTrue(FILES.size() >= 5, "files served: " + FILES.keySet());
    }

    @Test
    void keepAliveFetchesMatchCurl() throws Exception {
        List<Map<String, Object>> records = fetchAndCompare("keepalive", "--per-host", "1");
        // one connection carried every request: only the first fetch paid for a connect
        long connects = records.stream().filter(r -> timing(r, "connect") != null).count();
        assertEquals(1, connects, "fetches that opened a connection");
    }

    @Test
    void pipelinedFetchesMatchCurl() throws Exception {
        fetchAndCompare("pipelined", "--per-host", "2", "--pipeline", "4");
    }

    /** Fetches every URL REPEAT times with bulkfetch and compares each record with curl's result. */
    private static List<Map<String, Object>> fetchAndCompare(String name, String... options) throws Exception {
        List<String> input = new ArrayList<>();
        for (int i = 0; i < REPEAT; i++) {
            input.addAll(URLS);
        }
        // mixed, so that requests of every framing follow one another on a connection and in a pipeline
        Collections.shuffle(input, new Random(42));
        Path urlFile = Files.write(dir.resolve(name + ".txt"), input);
        // the URLs name 127.0.0.1: nothing to resolve, and an explicit resolver keeps resolv.conf's out of it
        List<String> args = new ArrayList<>(List.of("http", "-q", "--resolver", "127.0.0.1:9"));
        args.addAll(List.of(options));
        args.add(urlFile.toString());
        List<Map<String, Object>> records = BulkfetchCli.run(dir.resolve(name + ".ndjson"), args.toArray(String[]::new))
                .stream().map(Json::object).toList();

        assertEquals(input.size(), records.size(), "one record per URL line");
        List<String> differences = new ArrayList<>();
        for (Map<String, Object> record : records) {
            String url = (String) record.get("input");
            Fetched got = Fetched.fromRecord(record);
            Fetched want = curl.get(url);
            if (record.get("error") != null || !got.equals(want)) {
                differences.add(url + ": bulkfetch " + got + " error " + record.get("error") + ", curl " + want);
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " of " + records.size()
                + " records differ from curl's:\n" + String.join("\n", differences));
        return records;
    }

    @SuppressWarnings("unchecked")
    private static Object timing(Map<String, Object> record, String phase) {
        return ((Map<String, Object>) record.get("timing_ms")).get(phase);
    }
}
