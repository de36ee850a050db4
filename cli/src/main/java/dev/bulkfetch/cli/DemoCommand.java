package dev.bulkfetch.cli;

import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.dns.DnsRecordType;
import dev.bulkfetch.engine.DnsSweep;
import dev.bulkfetch.engine.DnsSweepReport;
import dev.bulkfetch.engine.ResultSink;
import dev.bulkfetch.engine.RunLimits;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bulkfetch demo}: starts the testbed on free loopback ports and runs every engine this build
 * has against it, printing a short summary. Nothing leaves 127.0.0.1.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts the embedded testbed on free 127.0.0.1 ports and runs the engines against it:",
            "a reverse sweep of a /16 of benchmarking addresses (with 1% dropped datagrams to show",
            "retransmits) and forward lookups of several record types."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--range", paramLabel = "CIDR", defaultValue = "198.18.0.0/16",
            description = "Range of the reverse sweep (default: ${DEFAULT-VALUE}).")
    String range = "198.18.0.0/16";

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        DnsTestbedConfig dnsConfig = DnsTestbedConfig.builder().port(0).dropShare(0.01).nxdomainShare(0.02).build();
        try (DnsTestbed dns = DnsTestbed.start(dnsConfig);
             HttpTestbed http = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build())) {
            InetSocketAddress resolver = new InetSocketAddress("127.0.0.1", dns.port());
            out.printf("bulkfetch demo: DNS testbed on 127.0.0.1:%d (1%% of datagrams dropped, 2%% NXDOMAIN),"
                    + " HTTP testbed on %s%n%n", dns.port(), http.baseUrl());

            DnsEngineConfig engine = DnsEngineConfig.builder().resolver(resolver)
                    .timeout(java.time.Duration.ofMillis(200)).build();
            out.println("rdns " + range + " (PTR for every address):");
            Samples ptr = new Samples(3);
            try (InputArguments lines = new InputArguments(List.of(range), System.in)) {
                report(out, DnsSweep.run(engine, new RunLimits(500, 0), DnsTargets.reverse(lines, 1 << 24),
                        ptr, p -> { }), ptr);
            }

            String zone = dnsConfig.zone();
            List<String> names = List.of("www." + zone, "cname-3." + zone, "nodata." + zone, "nx-missing." + zone,
                    "ip-127-0-0-7." + zone);
            for (int type : new int[] {DnsRecordType.A, DnsRecordType.MX}) {
                List<String> asked = type == DnsRecordType.MX ? List.of(zone) : names;
                out.println("dns -t " + DnsRecordType.name(type) + " " + String.join(" ", asked) + ":");
                Samples fwd = new Samples(asked.size());
                try (InputArguments lines = new InputArguments(asked, System.in)) {
                    report(out, DnsSweep.run(engine, new RunLimits(100, 0),
                            DnsTargets.forward(lines, type), fwd, p -> { }), fwd);
                }
            }
            out.println("http: the HTTP engine is not in this build yet; its testbed serves " + http.baseUrl()
                    + "/bytes/1024 and the other paths listed in README.md.");
        }
        return 0;
    }

    private static void report(PrintStream out, DnsSweepReport r, Samples samples) {
        double secs = r.outcome().elapsed().toNanos() / 1e9;
        StringBuilder outcomes = new StringBuilder();
        r.outcomes().snapshot().forEach((k, v) -> outcomes.append(String.format(Locale.ROOT, " %s %,d", k, v)));
        out.printf(Locale.ROOT, "  %,d lookups in %.2f s (%,.0f/s), %,d retransmits;%s%n", r.outcome().results(),
                secs, r.outcome().results() / Math.max(secs, 1e-9), r.wire().retransmits(), outcomes);
        out.println("  rtt " + dev.bulkfetch.metrics.LatencyText.percentiles(r.rtt()));
        for (String s : samples.lines) {
            out.println("    " + s);
        }
        out.println();
    }

    /** Keeps the first few results as text lines to show. */
    private static final class Samples implements ResultSink<DnsResult> {
        private final int max;
        private final List<String> lines = new ArrayList<>();

        Samples(int max) {
            this.max = max;
        }

        @Override
        public void write(DnsResult r) {
            if (lines.size() >= max) {
                return;
            }
            if (r.error() != null) {
                lines.add(r.target().input() + "  ->  " + r.error().kind());
            } else {
                String chain = r.answer().chain().isEmpty() ? "" : " (via " + String.join(" -> ", r.answer().chain()) + ")";
                lines.add(r.answer().question().fqdn() + "  ->  " + dev.bulkfetch.dns.DnsRcode.name(r.answer().rcode())
                        + " " + r.answer().data() + chain);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
