package dev.bulkfetch.cli;

import dev.bulkfetch.crawl.CrawlPolicy;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.engine.HttpEngines;
import dev.bulkfetch.engine.HttpRun;
import dev.bulkfetch.engine.HttpRunReport;
import dev.bulkfetch.engine.RunLimits;
import dev.bulkfetch.engine.RunSpec;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.http.HostsFile;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.io.BodyStore;
import dev.bulkfetch.io.HttpNdjsonSink;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.io.HttpTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.io.UnusableFileException;
import dev.bulkfetch.io.WarcFiles;
import dev.bulkfetch.io.WarcSink;
import dev.bulkfetch.io.kafka.WorkerSettings;
import io.netty.handler.ssl.SslContextBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bulkfetch http}: fetch a list of URLs over HTTP/1.1 and record exactly what came back. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"Fetches lists of URLs over HTTP/1.1 and records what came back.",
            "One NDJSON record per URL: status, decoded size, sha256, phase timings. Host names",
            "are resolved by bulkfetch's own DNS engine, never by a blocking lookup.", "",
            "Example: bulkfetch http -c 200 --per-host 50 --pipeline 4 urls.txt -o results.ndjson"})
final class HttpCommand implements Callable<Integer> {
    @Mixin
    ResolverOptions resolverOptions = new ResolverOptions();

    @Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Mixin
    StopOptions stopOptions = new StopOptions();

    @Mixin
    CrawlOptions crawlOptions = new CrawlOptions();

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "1000",
            description = "Fetches in flight at most (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--per-host", paramLabel = "N", defaultValue = "6",
            description = "Connections per (scheme, host, port) at most (default: ${DEFAULT-VALUE}).")
    int perHost;

    @Option(names = "--pipeline", paramLabel = "D|auto", defaultValue = "auto", converter = PipelineConverter.class,
            description = {"Requests in flight per connection (HTTP/1.1 pipelining; 1 = off). auto (default): 1 at",
                "first, doubling up to 8 per host while its server answers quickly on kept-alive connections",
                "and requests wait for one; back to 1 for good if the server loses pipelined requests.",
                "Use 1 when each request's latency should exclude waiting behind another."})
    int pipeline;

    @Option(names = "--rate", paramLabel = "RPS", defaultValue = "0",
            description = {"Start fetches at this constant rate (0 = as fast as possible); latencies then count from",
                "each fetch's intended start, so a stalled server shows in the percentiles (as in wrk2)."})
    double rate;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Total time per URL, redirects included (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "TCP connect, and TLS handshake (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--first-byte-timeout", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
            description = "Request sent to first response byte (default: ${DEFAULT-VALUE}).")
    Duration firstByteTimeout;

    @Option(names = "--read-timeout", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
            description = "Longest silence while reading a response (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "16MiB", converter = SizeConverter.class,
            description = "Decoded body size at most; more is BODY_TOO_LARGE (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "-H", paramLabel = "'Name: value'", description = "Extra request header; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--head", description = "Send HEAD instead of GET.")
    boolean head;

    @Option(names = "--no-compression", description = "Do not ask for gzip/deflate.")
    boolean noCompression;

    @Option(names = "--decode-threads", paramLabel = "N",
            description = {"Threads that inflate and hash compressed and large bodies off the event loop",
                "(default: one per core; 0 = on the event loop)."})
    Integer decodeThreads;

    @Option(names = "--event-loops", paramLabel = "N", defaultValue = "1",
            description = {"Event loops that carry the fetches, each with its share of --per-host (default: 1).",
                "More help when one loop is the limit: a new connection per URL (Connection: close)."})
    int eventLoops;

    @Option(names = "--insecure", description = "Do not verify TLS certificates.")
    boolean insecure;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust only the CA certificates in this PEM file (like curl --cacert).")
    Path caFile;

    @Option(names = "--follow", paramLabel = "N", defaultValue = "0", description = "Follow up to N redirects (default: 0).")
    int follow;

    @Option(names = "--headers", description = "Put response headers into the records.")
    boolean keepHeaders;

    @Option(names = "--bodies", paramLabel = "DIR", description = "Store decoded bodies in DIR, one file per sha256.")
    Path bodies;

    @Option(names = "--warc", paramLabel = "FILE", description = {
        "Archive every successful fetch as WARC 1.1, gzip per record: per exchange (redirect hops too) a request",
        "and a response record, the response exactly as received. Failed fetches are only in the records."})
    Path warc;

    @Option(names = "--warc-max-size", paramLabel = "SIZE", converter = SizeConverter.class, description = {
        "With --warc: start a new file once one reaches SIZE, named NAME-00001.warc.gz, NAME-00002.warc.gz, ...",
        "(default: one file, named FILE)."})
    Long warcMaxSize;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where records go (default: standard output).")
    Path output;

    @Option(names = "--progress", negatable = true, description = "Progress line on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No summary at the end.")
    boolean quiet;

    @Parameters(paramLabel = "FILE|-|URL", description = "Inputs (default: standard input).")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        HttpEngines engines = engines();
        RunLimits limits = limits();
        checkOutputs();
        // inputs before outputs: a missing input file must not cost the output file it would have replaced
        try (InputArguments lines = InputArguments.open(inputs, System.in)) {
            return new Fetching().execute(outputs(), engines, limits, HttpTargets.of(lines), System.err);
        }
    }

    /** Runs as a Kafka worker with these options: URLs from the input topic, records to the output topic. */
    int work(WorkerSettings settings) throws IOException {
        WorkerKinds.refuseLocalInputs(inputs, output);
        HttpEngines engines = engines();
        RunLimits limits = limits();
        checkOutputs();
        return new Fetching().executeWorker(outputs(), engines, limits, settings, HttpTargets::of, System.err);
    }

    private RunLimits limits() {
        try {
            return new RunLimits(concurrency, rate);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private HttpEngines engines() {
        HttpEngineConfig config = engineConfig();
        CrawlPolicy crawl = crawlOptions.policy(concurrency, perHost * config.pipeline());
        List<InetSocketAddress> resolvers = resolverOptions.addresses();
        DnsEngineConfig dns = resolvers.isEmpty() ? null : DnsEngineConfig.builder().resolvers(resolvers).build();
        HostsFile hosts = HostsFile.read(Path.of("/etc/hosts"));
        if (eventLoops < 1 || eventLoops > HttpEngines.MAX_LOOPS) {
            throw new UsageException("--event-loops must be 1.." + HttpEngines.MAX_LOOPS);
        }
        try {
            return new HttpEngines(config, dns, hosts, crawl, eventLoops);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--event-loops " + eventLoops + ": " + e.getMessage());
        }
    }

    private CommandRun.Outputs outputs() {
        return new CommandRun.Outputs(output, true, progress != null ? progress : System.console() != null, quiet,
                stopOptions, reportOptions);
    }

    /** An {@code http} run: records with optional bodies and WARC archive, the HTTP engines, the HTTP summary. */
    private final class Fetching extends CommandRun<HttpEngines, HttpTarget, HttpResult, HttpRunReport> {
        @Override
        protected ResultSink<HttpResult> openSink(Writer writer, boolean resumed) {
            BodyStore store;
            try {
                store = bodies == null ? null : new BodyStore(bodies);
            } catch (IOException e) {
                throw UsageException.cannotWrite("--bodies", bodies, e);
            }
            WarcFiles warcFiles = openWarc(resumed);
            HttpNdjsonSink records = new HttpNdjsonSink(writer, store);
            return warcFiles == null ? records : new WarcSink(warcFiles, records);
        }

        @Override
        protected HttpRunReport run(RunSpec<HttpEngines, HttpTarget, HttpResult> spec) {
            return HttpRun.run(spec);
        }

        @Override
        protected void printSummary(PrintStream err, HttpRunReport report, long skippedLines) {
            HttpSummary.print(err, report, skippedLines);
        }

        @Override
        protected long line(HttpTarget target) {
            return target.line();
        }

        @Override
        protected long resultLine(HttpResult result) {
            return result.target().line();
        }

        @Override
        protected BulkError error(HttpResult result) {
            return result.error();
        }

        @Override
        protected String histogramKind() {
            return "http";
        }
    }

    /** Every output path is checked before any is created: a bad one is exit 2 and leaves the others alone. */
    private void checkOutputs() {
        UsageException.checkWritable("--output", output);
        UsageException.checkWritable("--warc", warc);
        if (bodies != null && Files.exists(bodies) && !Files.isDirectory(bodies)) {
            throw UsageException.file("--bodies", new UnusableFileException("write", bodies.toString(), "not a directory"));
        }
        reportOptions.check();
    }

    /** The WARC files, or null without --warc; a resumed run adds to those of the run it resumes. */
    private WarcFiles openWarc(boolean resumed) {
        if (warc == null) {
            return null;
        }
        try {
            return new WarcFiles(warc, warcMaxSize == null ? 0 : warcMaxSize, resumed);
        } catch (IOException e) {
            throw UsageException.cannotWrite("--warc", warc, e);
        }
    }

    /**
     * Reads the CA file the way the engine will, so that a missing or unusable one is a usage error (exit 2)
     * naming the option, not a fatal one from inside the run.
     */
    private static void checkCaFile(Path file) {
        try {
            UnusableFileException.checkReadable(file);
            SslContextBuilder.forClient().trustManager(file.toFile()).build();
        } catch (UnusableFileException e) {
            throw UsageException.file("--ca-file", e);
        } catch (IllegalArgumentException | SSLException e) {
            // Netty's messages end with the path ("File does not contain valid certificates: ca.pem")
            String reason = String.valueOf(e.getMessage()).replace(": " + file, "").replace(file.toString(), "the file");
            throw UsageException.file("--ca-file", new UnusableFileException("use", file.toString(),
                    reason.isEmpty() ? "not a PEM file of CA certificates" : lowerFirst(reason)));
        }
    }

    private static String lowerFirst(String s) {
        return s.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + s.substring(1);
    }

    private HttpEngineConfig engineConfig() {
        try {
            HttpEngineConfig.Builder b = HttpEngineConfig.builder().perHost(perHost)
                    .connectTimeout(connectTimeout).firstByteTimeout(firstByteTimeout).readTimeout(readTimeout)
                    .totalTimeout(timeout).maxBody(maxBody).head(head).compression(!noCompression)
                    .insecure(insecure).caFile(caFile).follow(follow).keepHeaders(keepHeaders).keepBodies(bodies != null)
                    .captureWire(warc != null);
            if (pipeline == PipelineConverter.AUTO) {
                b.adaptivePipeline(HttpEngineConfig.ADAPTIVE_PIPELINE_MAX);
            } else {
                b.pipeline(pipeline);
            }
            if (decodeThreads != null) {
                if (decodeThreads < 0 || decodeThreads > HttpEngineConfig.MAX_DECODE_THREADS) {
                    throw new UsageException("--decode-threads must be 0.." + HttpEngineConfig.MAX_DECODE_THREADS);
                }
                b.decodeThreads(decodeThreads);
            }
            if (caFile != null) {
                checkCaFile(caFile);
            }
            if (warcMaxSize != null && (warc == null || warcMaxSize <= 0)) {
                throw new UsageException(warc == null ? "--warc-max-size needs --warc" : "--warc-max-size must be positive");
            }
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new UsageException("-H: expected 'Name: value', got '" + h + "'");
                }
                b.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
