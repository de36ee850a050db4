package dev.bulkfetch.cli;

import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.engine.RunLimits;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The options {@code dns} and {@code rdns} share: resolvers, pacing, retries and output. */
final class DnsRunOptions {
    @Mixin
    ResolverOptions resolverOptions = new ResolverOptions();

    @Mixin
    StopOptions stopOptions = new StopOptions();

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "500",
            description = "Queries in flight at most; the window adapts below it to loss (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rate", paramLabel = "QPS", defaultValue = "0",
            description = {"Start queries at this constant rate (0 = as fast as the window allows); latencies then",
                "count from each query's intended start, so a stalled server shows in the percentiles."})
    double rate;

    @Option(names = "--sockets", paramLabel = "N", defaultValue = "4",
            description = "UDP sockets per resolver (default: ${DEFAULT-VALUE}).")
    int sockets;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Wait per attempt before retransmitting (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Retransmits after the first attempt, each to the next resolver (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--edns", paramLabel = "BYTES", defaultValue = "1232",
            description = "EDNS0 UDP payload size to advertise, 0 to send plain DNS (default: ${DEFAULT-VALUE}).")
    int edns;

    @Option(names = "--no-recursion", description = "Clear the RD bit (for authoritative servers).")
    boolean noRecursion;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where results go (default: standard output).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ndjson",
            description = "ndjson (default) or simple (massdns-like 'name. TYPE data' lines).")
    String format;

    @Option(names = "--progress", negatable = true,
            description = "Progress line on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No summary at the end.")
    boolean quiet;

    DnsEngineConfig engineConfig() {
        List<InetSocketAddress> list = resolverOptions.addresses();
        if (list.isEmpty()) {
            throw new UsageException("no resolver: give --resolver HOST:PORT (none found in /etc/resolv.conf)");
        }
        if (!format.equals("ndjson") && !format.equals("simple")) {
            throw new UsageException("--format must be ndjson or simple, not '" + format + "'");
        }
        try {
            return DnsEngineConfig.builder().resolvers(list).socketsPerResolver(sockets).timeout(timeout)
                    .retries(retries).maxInFlight(concurrency).ednsPayload(edns).recursionDesired(!noRecursion)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Finished DNS results that may wait for the writer beyond those in flight. Smaller than the
     * generic 64k: a DNS result with its answers is ~0.5 KB on the heap, so 64k of them (~32 MB) would not
     * fit the 64 MB heap bin/bulkfetch gives a sweep; 16k is ~80 ms of slack at 200k answers/s.
     */
    static final int RESULT_BACKLOG = 16 * 1024;

    RunLimits limits() {
        try {
            return new RunLimits(concurrency, rate, RESULT_BACKLOG);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    boolean showProgress() {
        return progress != null ? progress : System.console() != null;
    }
}
