package dev.bulkfetch.cli;

import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code bulkfetch testbed}: the embedded HTTP and DNS test servers, in the foreground, on loopback. */
@Command(name = "testbed", mixinStandardHelpOptions = true,
        description = {"Runs the deterministic HTTP and DNS test servers on 127.0.0.1 until interrupted.",
            "Every HTTP path and DNS name has a computable answer (see README), with fault knobs.", "",
            "Example: bulkfetch testbed --http-port 8080 --dns-port 5353 --drop-share 0.01"})
final class TestbedCommand implements Callable<Integer> {
    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "0",
            description = "HTTP port on 127.0.0.1 (0 = any free port).")
    int httpPort;

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

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the fault decisions.")
    long seed;

    @Override
    public Integer call() throws Exception {
        checkPort("--http-port", httpPort);
        checkPort("--dns-port", dnsPort);
        DnsTestbedConfig dnsConfig;
        try {
            dnsConfig = DnsTestbedConfig.builder().port(dnsPort).nxdomainShare(nxdomainShare)
                    .servfailShare(servfailShare).dropShare(dropShare).truncateShare(truncateShare).seed(seed).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (DnsTestbed dns = DnsTestbed.start(dnsConfig);
             HttpTestbed http = HttpTestbed.start(HttpTestbedConfig.builder().port(httpPort).build())) {
            System.out.println("http " + http.baseUrl());
            System.out.println("dns  127.0.0.1:" + dns.port() + " (udp+tcp), zone " + dnsConfig.zone());
            System.out.println("running until interrupted (Ctrl-C)");
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dns.close();
                http.close();
                stopped.countDown();
            }, "testbed-stop"));
            stopped.await();
        }
        return 0;
    }

    private static void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new UsageException(option + " must be 0..65535, not " + port);
        }
    }
}
