package dev.bulkfetch.http;

import dev.bulkfetch.loop.Transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of an {@link HttpEngine}; immutable, made with {@link #builder()}.
 *
 * @param perHost          connections per origin (scheme, host, port) at most
 * @param pipeline         requests in flight per connection at most (1 = no pipelining)
 * @param adaptivePipeline start each origin at one request per connection and let it earn up to {@code pipeline}
 *                         while its server answers quickly on kept-alive connections ({@link PipelineDepth});
 *                         false: {@code pipeline} from the start
 * @param connectTimeout   TCP connect (and TLS handshake) limit
 * @param firstByteTimeout from request written to the first response byte
 * @param readTimeout      longest silence while a response is being read
 * @param totalTimeout     whole fetch, redirects included; trickling bytes cannot extend it
 * @param maxBody          decoded body bytes kept at most; more is BODY_TOO_LARGE
 * @param maxHeaderBytes   response head size at most; more is MALFORMED_RESPONSE
 * @param head             HEAD instead of GET
 * @param headers          extra request headers, in order
 * @param userAgent        the User-Agent header
 * @param compression      send {@code Accept-Encoding: gzip, deflate} and decode
 * @param insecure         skip TLS certificate verification
 * @param caFile           PEM file of the CA certificates to trust instead of the JDK's trust store, or null for
 *                         the JDK's; ignored when {@code insecure}
 * @param follow           redirects followed at most
 * @param keepHeaders      put response headers into results
 * @param keepBodies       put decoded bodies into results (for {@code --bodies})
 * @param transport        epoll or NIO
 * @param captureWire      keep each exchange's request and response bytes as they crossed the wire, for
 *                         archiving ({@link HttpFetchResult#captures()}); off, fetches pay nothing for it
 * @param decodeThreads    threads that inflate and hash large bodies off the event loop (0 = all on the loop);
 *                         the default is one per core, since one loop doing inflate and SHA-256 for 100 KiB
 *                         bodies saturates at ~520 MB/s of decoded body
 */
public record HttpEngineConfig(int perHost, int pipeline, boolean adaptivePipeline, Duration connectTimeout,
                               Duration firstByteTimeout, Duration readTimeout, Duration totalTimeout, long maxBody, int maxHeaderBytes,
                               boolean head, List<Map.Entry<String, String>> headers, String userAgent,
                               boolean compression, boolean insecure, Path caFile, int follow, boolean keepHeaders,
                               boolean keepBodies, Transport transport, boolean captureWire,
                               int decodeThreads) {

    public HttpEngineConfig {
        headers = List.copyOf(headers);
        require(perHost >= 1, "per-host connections must be at least 1");
        require(pipeline >= 1 && pipeline <= 64, "pipeline depth must be 1..64");
        require(positive(connectTimeout) && positive(firstByteTimeout) && positive(readTimeout)
                && positive(totalTimeout), "timeouts must be positive");
        require(maxBody >= 0, "max body must not be negative");
        require(maxHeaderBytes >= 1024, "max header size must be at least 1 KiB");
        require(follow >= 0 && follow <= 50, "follow must be 0..50");
        require(decodeThreads >= 0 && decodeThreads <= MAX_DECODE_THREADS,
                "decode threads must be 0.." + MAX_DECODE_THREADS);
        for (Map.Entry<String, String> h : headers) {
            require(h.getKey().chars().allMatch(c -> c > 32 && c < 127 && c != ':'), "bad header name: " + h.getKey());
            require(h.getValue().chars().noneMatch(c -> c == '\r' || c == '\n'), "header value with a line break");
        }
    }

    /** The depth an adaptive pipeline earns at most by default (the {@code http} command's {@code --pipeline auto}). */
    public static final int ADAPTIVE_PIPELINE_MAX = PipelineDepth.AUTO_MAX;

    /** More decode threads than this only add context switches on any machine this runs on. */
    public static final int MAX_DECODE_THREADS = 64;

    /** The same settings with {@code n} decode threads (0 = bodies decoded on the event loop). */
    public HttpEngineConfig withDecodeThreads(int n) {
        return with(perHost, n);
    }

    /**
     * The settings of engine {@code index} of {@code shares} engines that split one run's fetches between them,
     * each on a loop of its own: the per-host connections are divided among them (the first ones get the
     * remainder), so that together they hold the limit one engine would; so are the decode threads, but each
     * share that decodes off its loop keeps at least one. One share of one is these settings.
     *
     * @throws IllegalArgumentException when there are more shares than per-host connections to divide
     */
    public HttpEngineConfig share(int shares, int index) {
        require(shares >= 1 && index >= 0 && index < shares, "no share " + index + " of " + shares);
        require(perHost >= shares, "each of " + shares + " event loops needs a connection per host of its own:"
                + " per-host connections (" + perHost + ") must be at least the event loops");
        return with(part(perHost, shares, index), decodeThreads == 0 ? 0 : Math.max(1, part(decodeThreads, shares, index)));
    }

    private static int part(int total, int shares, int index) {
        return total / shares + (index < total % shares ? 1 : 0);
    }

    private HttpEngineConfig with(int perHostConnections, int threads) {
        return new HttpEngineConfig(perHostConnections, pipeline, adaptivePipeline, connectTimeout, firstByteTimeout,
                readTimeout, totalTimeout, maxBody, maxHeaderBytes, head, headers, userAgent, compression, insecure, caFile, follow,
                keepHeaders, keepBodies, transport, captureWire, threads);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link HttpEngineConfig}; defaults are those of the {@code http} command. */
    public static final class Builder {
        private int perHost = 6;
        private int pipeline = ADAPTIVE_PIPELINE_MAX;
        private boolean adaptivePipeline = true;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration firstByteTimeout = Duration.ofSeconds(15);
        private Duration readTimeout = Duration.ofSeconds(15);
        private Duration totalTimeout = Duration.ofSeconds(30);
        private long maxBody = 16L << 20;
        private int maxHeaderBytes = 64 * 1024;
        private boolean head;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private String userAgent = "bulkfetch/" + dev.bulkfetch.Version.VERSION;
        private boolean compression = true;
        private boolean insecure;
        private Path caFile;
        private int follow;
        private boolean keepHeaders;
        private boolean keepBodies;
        private Transport transport = Transport.best();
        private boolean captureWire;
        private int decodeThreads = Math.min(MAX_DECODE_THREADS, Runtime.getRuntime().availableProcessors());

        public Builder perHost(int n) {
            perHost = n;
            return this;
        }

        /** {@code n} requests per connection from the start (1 = no pipelining). */
        public Builder pipeline(int n) {
            pipeline = n;
            adaptivePipeline = false;
            return this;
        }

        /**
         * The default: one request per connection at first, and up to {@code max} on the connections of a host
         * whose server keeps answering quickly on kept-alive connections while requests wait ({@link PipelineDepth}).
         */
        public Builder adaptivePipeline(int max) {
            pipeline = max;
            adaptivePipeline = true;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        public Builder firstByteTimeout(Duration d) {
            firstByteTimeout = d;
            return this;
        }

        public Builder readTimeout(Duration d) {
            readTimeout = d;
            return this;
        }

        public Builder totalTimeout(Duration d) {
            totalTimeout = d;
            return this;
        }

        public Builder maxBody(long n) {
            maxBody = n;
            return this;
        }

        public Builder maxHeaderBytes(int n) {
            maxHeaderBytes = n;
            return this;
        }

        public Builder head(boolean h) {
            head = h;
            return this;
        }

        public Builder header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        public Builder userAgent(String ua) {
            userAgent = ua;
            return this;
        }

        public Builder compression(boolean c) {
            compression = c;
            return this;
        }

        public Builder insecure(boolean i) {
            insecure = i;
            return this;
        }

        /**
         * Trust the CA certificates in this PEM file, and only them, when verifying servers (like curl's
         * {@code --cacert}); for private CAs and test servers. The file is read when the engine starts.
         */
        public Builder caFile(Path file) {
            caFile = file;
            return this;
        }

        public Builder follow(int n) {
            follow = n;
            return this;
        }

        public Builder keepHeaders(boolean k) {
            keepHeaders = k;
            return this;
        }

        public Builder keepBodies(boolean k) {
            keepBodies = k;
            return this;
        }

        public Builder transport(Transport t) {
            transport = t;
            return this;
        }

        /** Keep the bytes of every exchange as sent and received (for WARC archiving); off by default. */
        public Builder captureWire(boolean c) {
            captureWire = c;
            return this;
        }

        /**
         * Threads that inflate and hash bodies off the event loop: compressed bodies and large ones; 0 keeps all
         * of it on the loop. Default: one per core.
         */
        public Builder decodeThreads(int n) {
            decodeThreads = n;
            return this;
        }

        public HttpEngineConfig build() {
            return new HttpEngineConfig(perHost, pipeline, adaptivePipeline, connectTimeout, firstByteTimeout,
                    readTimeout, totalTimeout, maxBody, maxHeaderBytes, head, headers, userAgent, compression, insecure,
                    caFile, follow, keepHeaders, keepBodies, transport, captureWire, decodeThreads);
        }
    }
}
