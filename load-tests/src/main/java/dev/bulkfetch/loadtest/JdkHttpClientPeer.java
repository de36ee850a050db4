package dev.bulkfetch.loadtest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

/**
 * The JDK's own {@link HttpClient} as a peer in the HTTP load test ({@code load-tests/http/bench.sh}): GETs
 * every URL of a file over HTTP/1.1 with a fixed number of requests in flight, and reports how many answered
 * 2xx and how long that took.
 *
 * <p>Usage: {@code java -cp load-tests/target/classes dev.bulkfetch.loadtest.JdkHttpClientPeer URLFILE
 * CONCURRENCY [-H 'Name: value']...}. The URL file has one URL a line (blank lines and lines starting with
 * {@code #} are skipped). Bodies are read into a byte array; a {@code Content-Encoding: gzip} body is inflated
 * so the peer does the same work as a client that decodes (the JDK client never decodes by itself, and only
 * gets gzip when asked with {@code -H 'Accept-Encoding: gzip'}). Headers the JDK client restricts, such as
 * {@code Connection}, are allowed through {@code jdk.httpclient.allowRestrictedHeaders}.
 *
 * <p>Prints one line to standard output:
 * {@code jdk-peer: urls=N ok2xx=N non2xx=N failed=N decoded_bytes=N elapsed_s=S req_per_s=R}, where elapsed
 * runs from the first request sent to the last response read (JVM start-up excluded). Exits 0 when every URL
 * answered 2xx, 1 when some did not, 2 on bad arguments.
 */
public final class JdkHttpClientPeer {
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host",
            "upgrade");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int ERRORS_SHOWN = 5;

    private JdkHttpClientPeer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage("expected URLFILE CONCURRENCY");
        }
        Path file = Path.of(args[0]);
        int concurrency = parseConcurrency(args[1]);
        List<String[]> headers = parseHeaders(args);
        allowRestrictedHeaders(headers);
        List<URI> uris = readUris(file);

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();

        Semaphore inFlight = new Semaphore(concurrency);
        LongAdder ok = new LongAdder();
        LongAdder non2xx = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder decodedBytes = new LongAdder();
        AtomicInteger errorsLogged = new AtomicInteger();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

        long start = System.nanoTime();
        for (URI uri : uris) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT);
            for (String[] header : headers) {
                builder.header(header[0], header[1]);
            }
            HttpRequest request = builder.build();
            inFlight.acquireUninterruptibly();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                try {
                    if (error != null) {
                        failed.increment();
                        if (errorsLogged.getAndIncrement() < ERRORS_SHOWN) {
                            errors.add(uri + ": " + error);
                        }
                    } else if (response.statusCode() / 100 == 2) {
                        decodedBytes.add(decodedLength(response));
                        ok.increment();
                    } else {
                        non2xx.increment();
                        if (errorsLogged.getAndIncrement() < ERRORS_SHOWN) {
                            errors.add(uri + ": status " + response.statusCode());
                        }
                    }
                } catch (RuntimeException e) {
                    failed.increment();
                    if (errorsLogged.getAndIncrement() < ERRORS_SHOWN) {
                        errors.add(uri + ": " + e);
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        inFlight.acquireUninterruptibly(concurrency);
        double elapsed = (System.nanoTime() - start) / 1e9;

        errors.forEach(e -> System.err.println("jdk-peer: " + e));
        System.out.printf(Locale.ROOT,
                "jdk-peer: urls=%d ok2xx=%d non2xx=%d failed=%d decoded_bytes=%d elapsed_s=%.3f req_per_s=%.0f%n",
                uris.size(), ok.sum(), non2xx.sum(), failed.sum(), decodedBytes.sum(), elapsed,
                uris.size() / Math.max(elapsed, 1e-9));
        System.out.flush();
        System.exit(ok.sum() == uris.size() ? 0 : 1);
    }

    /** The body length after content decoding: gzip bodies are inflated, anything else counts as sent. */
    private static long decodedLength(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        String encoding = response.headers().firstValue("Content-Encoding").orElse("").trim();
        if (!encoding.equalsIgnoreCase("gzip") && !encoding.equalsIgnoreCase("x-gzip")) {
            return body.length;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            byte[] buffer = new byte[16384];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("bad gzip body", e);
        }
    }

    private static int parseConcurrency(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n < 1) {
                usage("CONCURRENCY must be at least 1");
            }
            return n;
        } catch (NumberFormatException e) {
            usage("CONCURRENCY is not a number: " + text);
            return 0;
        }
    }

    private static List<String[]> parseHeaders(String[] args) {
        List<String[]> headers = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String value;
            if (args[i].equals("-H") && i + 1 < args.length) {
                value = args[++i];
            } else if (args[i].startsWith("-H") && args[i].length() > 2) {
                value = args[i].substring(2);
            } else {
                usage("unexpected argument: " + args[i]);
                return headers;
            }
            int colon = value.indexOf(':');
            if (colon <= 0) {
                usage("header must be 'Name: value': " + value);
            }
            headers.add(new String[] {value.substring(0, colon).trim(), value.substring(colon + 1).trim()});
        }
        return headers;
    }

    /** Lets restricted headers through; must run before the first request is built (the JDK reads it once). */
    private static void allowRestrictedHeaders(List<String[]> headers) {
        Set<String> names = new TreeSet<>();
        String already = System.getProperty("jdk.httpclient.allowRestrictedHeaders", "");
        for (String name : already.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        boolean added = false;
        for (String[] header : headers) {
            String name = header[0].toLowerCase(Locale.ROOT);
            if (RESTRICTED.contains(name) && names.add(name)) {
                added = true;
            }
        }
        if (added) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", String.join(",", names));
        }
    }

    private static List<URI> readUris(Path file) throws IOException {
        List<URI> uris = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String url = line.trim();
            if (!url.isEmpty() && !url.startsWith("#")) {
                uris.add(URI.create(url));
            }
        }
        if (uris.isEmpty()) {
            usage("no URLs in " + file);
        }
        return uris;
    }

    private static void usage(String problem) {
        System.err.println("jdk-peer: " + problem);
        System.err.println("usage: java -cp load-tests/target/classes dev.bulkfetch.loadtest.JdkHttpClientPeer"
                + " URLFILE CONCURRENCY [-H 'Name: value']...");
        System.exit(2);
    }
}
