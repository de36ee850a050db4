package dev.bulkfetch.cli;

import dev.bulkfetch.testbed.ArrivalLogWriter;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import dev.bulkfetch.testbed.TestbedContentWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code bulkfetch testbed}: the embedded HTTP and DNS test servers, in the foreground, on loopback. */
@Command(name = "testbed", mixinStandardHelpOptions = true,
        description = {"Runs the deterministic HTTP and DNS test servers on 127.0.0.1.",
            "They run until interrupted. Every HTTP path and DNS name has a computable answer",
            "(see README), with fault knobs.", "",
            "Example: bulkfetch testbed --http-port 8080 --dns-port 5353 --drop-share 0.01",
            "         bulkfetch testbed --bind 127.0.0.1 --bind 127.0.0.2 --arrival-log arrivals.txt",
            "         bulkfetch testbed --write-content DIR   (nginx's www/ and NSD's zones/, then exit)"})
final class TestbedCommand implements Callable<Integer> {
    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "0",
            description = "HTTP port on every --bind address (0 = any free port).")
    int httpPort;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Loopback address (127.0.0.0/8) the HTTP testbed listens on, all on one port; repeatable."
                    + " Default 127.0.0.1.")
    List<String> bind;

    @Option(names = "--arrival-log", paramLabel = "FILE",
            description = "Append a line 'epochMicros host path' for every HTTP request the testbed receives.")
    Path arrivalLog;

    @Option(names = "--dns-port", paramLabel = "PORT", defaultValue = "0",
            description = "DNS port (UDP and TCP) on 127.0.0.1 (0 = any free port).")
    int dnsPort;

    @Option(names = "--nxdomain-share", paramLabel = "0..1", defaultValue = "0",
            description = "Share of names answered NXDOMAIN (decided per name).")
    double nxdomainShare;

    @Option(names = "--servfail-share", paramLabel = "0..1", defaultValue = "0",
            description = "Share of names answered SERVFAIL (decided per name).")
    double servfailShare;

    @Option(names = "--drop-share", paramLabel = "0..1", defaultValue = "0",
            description = "Share of UDP queries dropped without a reply (decided per datagram).")
    double dropShare;

    @Option(names = "--truncate-share", paramLabel = "0..1", defaultValue = "0",
            description = "Share of names whose UDP reply is truncated (full answer over TCP).")
    double truncateShare;

    @Option(names = "--write-content", paramLabel = "DIR",
            description = "Write the same content for real servers instead of running: DIR/www (nginx's files, with"
                    + " .gz copies) and DIR/zones (NSD's reverse zone of 198.18.0.0/16); then exit.")
    Path writeContent;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the fault decisions.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (writeContent != null) {
            return writeContent();
        }
        checkPort("--http-port", httpPort);
        checkPort("--dns-port", dnsPort);
        DnsTestbedConfig dnsConfig;
        try {
            dnsConfig = DnsTestbedConfig.builder().port(dnsPort).nxdomainShare(nxdomainShare)
                    .servfailShare(servfailShare).dropShare(dropShare).truncateShare(truncateShare).seed(seed).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        // Nothing reads the in-memory log here; the file is the command's arrival log.
        HttpTestbedConfig.Builder httpConfig = HttpTestbedConfig.builder().port(httpPort).maxArrivals(0);
        if (bind != null) {
            try {
                httpConfig.bindAddresses(bind).build();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--bind: " + e.getMessage());
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (ArrivalLogWriter log = openArrivalLog();
             DnsTestbed dns = bound("--dns-port", dnsPort, () -> DnsTestbed.start(dnsConfig));
             HttpTestbed http = bound("--http-port", httpPort,
                     () -> HttpTestbed.start(httpConfig.arrivalListener(log).build()))) {
            for (InetSocketAddress address : http.addresses()) {
                System.out.println("http http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
            }
            System.out.println("dns  127.0.0.1:" + dns.port() + " (udp+tcp), zone " + dnsConfig.zone());
            if (log != null) {
                System.out.println("arrival log " + arrivalLog);
            }
            System.out.println("running until interrupted (Ctrl-C)");
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dns.close();
                // Closed before the log, so every arrival it logged is in the queue the log drains.
                http.close();
                if (log != null) {
                    log.close();
                }
                stopped.countDown();
            }, "testbed-stop"));
            stopped.await();
        }
        return 0;
    }

    /** The servers are not started: the files are what docker/testbed and the benchmarks serve instead. */
    private int writeContent() {
        try {
            int files = TestbedContentWriter.write(writeContent).size();
            System.out.println("wrote " + files + " files below " + writeContent + " (" + TestbedContentWriter.WWW
                    + "/, " + TestbedContentWriter.ZONES + "/)");
            return 0;
        } catch (IOException e) {
            throw UsageException.cannotWrite("--write-content", writeContent, e);
        }
    }

    private ArrivalLogWriter openArrivalLog() {
        if (arrivalLog == null) {
            return null;
        }
        try {
            return ArrivalLogWriter.open(arrivalLog);
        } catch (IOException e) {
            throw UsageException.cannotWrite("--arrival-log", arrivalLog, e);
        }
    }

    /**
     * Starts a server; a port the command line named that cannot be had (in use) is a usage error, exit 2
     * with the port and the reason, not a fatal one: nothing was started.
     */
    private static <T> T bound(String option, int port, java.util.function.Supplier<T> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            if (port == 0) {
                throw e;
            }
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String reason = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
            throw new UsageException(option + ": cannot listen on 127.0.0.1:" + port + ": "
                    + reason.replaceFirst("^bind\\(\\.\\.\\) failed[^:]*: ", "").toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new UsageException(option + " must be 0..65535, not " + port);
        }
    }
}
