package dev.bulkfetch.cli;

import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.dns.DnsRecordType;
import dev.bulkfetch.engine.DnsSweep;
import dev.bulkfetch.engine.DnsSweepReport;
import dev.bulkfetch.engine.HttpRun;
import dev.bulkfetch.engine.HttpRunReport;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.engine.HttpEngines;
import dev.bulkfetch.engine.RunLimits;
import dev.bulkfetch.engine.RunSpec;
import dev.bulkfetch.http.HostsFile;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTargets;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bulkfetch demo}: starts the testbed on free loopback ports and runs every engine this build
 * has against it, printing a short summary. Nothing leaves 127.0.0.1.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the engines against an embedded loopback testbed.",
            "Starts the testbed on free 127.0.0.1 ports, then: a reverse sweep of a /16 of",
            "benchmarking addresses (1% of datagrams dropped, to show retransmits), forward",
            "lookups of several record types, HTTP fetches of good, compressed, redirected,",
            "failing and hostile paths, and a constant-rate run through a server stall. The",
            "interval logs and HTML reports of the runs go into one folder, named at the end."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--range", paramLabel = "CIDR", defaultValue = "198.18.0.0/16",
            description = "Range of the reverse sweep (default: ${DEFAULT-VALUE}).")
    String range = "198.18.0.0/16";

    @Option(names = "--dir", paramLabel = "DIR", description = {"Folder for the runs' interval logs and HTML reports",
        "(default: a new bulkfetch-demo-YYYYMMDD-HHMMSS in the current directory)."})
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        DemoFolder folder = DemoFolder.create(dir);
        try {
            run(out, folder);
        } catch (java.io.IOException | UsageException e) {
            // the folder was there when the demo began: a file failing in it now fails a run under way
            return ExitStatus.failed(System.err, e.getMessage());
        }
        out.println();
        out.println("Interval logs (.hlog) and HTML reports (.html) of the rdns, http and " + DemoLatencyReport.NAME
                + " runs are in " + folder.path() + java.io.File.separator);
        out.println("  try: bulkfetch report " + folder.path().resolve(DemoLatencyReport.NAME + ".hlog"));
        return ExitStatus.COMPLETED;
    }

    private void run(PrintStream out, DemoFolder folder) throws java.io.IOException {
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
            ReportOutputs files = folder.outputs("rdns", "inputs", range, "--timeout", "200ms", "--concurrency", "500");
            try (InputArguments lines = new InputArguments(List.of(range), System.in)) {
                DnsSweepReport r = DnsSweep.run(RunSpec.builder(engine, DnsTargets.reverse(lines, 1 << 24), ptr)
                        .limits(new RunLimits(500, 0)).listener(files).build());
                files.finish(files.record(r.outcome(), r.outcomes(), r.phases()));
                report(out, r, ptr);
            }

            String zone = dnsConfig.zone();
            List<String> names = List.of("www." + zone, "cname-3." + zone, "nodata." + zone, "nx-missing." + zone,
                    "ip-127-0-0-7." + zone);
            for (int type : new int[] {DnsRecordType.A, DnsRecordType.MX}) {
                List<String> asked = type == DnsRecordType.MX ? List.of(zone) : names;
                out.println("dns -t " + DnsRecordType.name(type) + " " + String.join(" ", asked) + ":");
                Samples fwd = new Samples(asked.size());
                try (InputArguments lines = new InputArguments(asked, System.in)) {
                    report(out, DnsSweep.run(RunSpec.builder(engine, DnsTargets.forward(lines, type), fwd)
                            .limits(new RunLimits(100, 0)).build()), fwd);
                }
            }
            demoHttp(out, http, dns, dnsConfig.zone(), folder);
            out.println();
            DemoLatencyReport.run(out, http, folder);
        }
    }

    /** Fetches a mix of testbed paths (good, compressed, chunked, failing, slow) by name and by address. */
    private static void demoHttp(PrintStream out, HttpTestbed http, DnsTestbed dns, String zone, DemoFolder folder)
            throws java.io.IOException {
        String byName = "http://www." + zone + ":" + http.port();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            urls.add(http.baseUrl() + "/bytes/" + (1024 + i % 7));
        }
        for (String p : List.of("/gzip/100000", "/chunked-ext/5000/100", "/deflate-raw/3000", "/redirect/2",
                "/status/404", "/reset/1000", "/hang", "/gzip-bomb/1073741824", "/trickle/100/50")) {
            urls.add(byName + p);
        }
        urls.add("http://nx-missing." + zone + ":" + http.port() + "/");
        urls.add("ftp://not-http.example/");
        out.println("http: " + Counted.of(urls.size(), "URL") + " (2,000 small files, then compressed, chunked,"
                + " redirected, failing and hostile paths), 100 in flight:");
        HttpEngineConfig config = HttpEngineConfig.builder().perHost(50).follow(3)
                .firstByteTimeout(java.time.Duration.ofMillis(500)).totalTimeout(java.time.Duration.ofSeconds(2))
                .maxBody(1 << 20).build();
        DnsEngineConfig resolver = DnsEngineConfig.builder().resolver(new InetSocketAddress("127.0.0.1", dns.port()))
                .build();
        HttpSamples samples = new HttpSamples(List.of("/gzip/", "/chunked-ext/", "/redirect/", "/reset/", "/hang",
                "/gzip-bomb/", "/trickle/", "nx-missing", "ftp:"));
        ReportOutputs files = folder.outputs("http", "inputs", urls.size() + " URLs of the testbed", "--concurrency",
                "100", "--per-host", "50", "--follow", "3");
        try (InputArguments lines = new InputArguments(urls, System.in)) {
            HttpRunReport r = HttpRun.run(RunSpec.builder(new HttpEngines(config, resolver, HostsFile.empty()),
                    HttpTargets.of(lines), samples).limits(new RunLimits(100, 0)).listener(files).build());
            files.finish(files.record(r.outcome(), r.outcomes(), r.phases()));
            double secs = r.outcome().elapsed().toNanos() / 1e9;
            StringBuilder outcomes = new StringBuilder();
            r.outcomes().snapshot().forEach((k, v) -> outcomes.append(String.format(Locale.ROOT, " %s %,d", k, v)));
            out.printf(Locale.ROOT, "  %s in %.2f s (%,.0f/s);%s%n", Counted.of(r.outcome().results(), "fetch",
                    "fetches"), secs, r.outcome().results() / Math.max(secs, 1e-9), outcomes);
            out.println("  ttfb " + dev.bulkfetch.metrics.report.LatencyText.percentiles(r.phases().get("ttfb")));
            samples.picked.values().forEach(l -> out.println("    " + l));
        }
    }

    private static void report(PrintStream out, DnsSweepReport r, Samples samples) {
        double secs = r.outcome().elapsed().toNanos() / 1e9;
        StringBuilder outcomes = new StringBuilder();
        r.outcomes().snapshot().forEach((k, v) -> outcomes.append(String.format(Locale.ROOT, " %s %,d", k, v)));
        out.printf(Locale.ROOT, "  %s in %.2f s (%,.0f/s), %s;%s%n", Counted.of(r.outcome().results(), "lookup"),
                secs, r.outcome().results() / Math.max(secs, 1e-9), Counted.of(r.wire().retransmits(), "retransmit"),
                outcomes);
        out.println("  rtt " + dev.bulkfetch.metrics.report.LatencyText.percentiles(r.rtt()));
        for (String s : samples.lines) {
            out.println("    " + s);
        }
        out.println();
    }

    /** Keeps one line for each interesting URL of the HTTP demo. */
    private static final class HttpSamples implements ResultSink<HttpResult> {
        private final List<String> wanted;
        private final java.util.TreeMap<Integer, String> picked = new java.util.TreeMap<>();

        HttpSamples(List<String> wanted) {
            this.wanted = wanted;
        }

        @Override
        public void write(HttpResult r) {
            for (int i = 0; i < wanted.size(); i++) {
                if (r.target().input().contains(wanted.get(i)) && !picked.containsKey(i)) {
                    var f = r.fetch();
                    String what = r.error() != null ? r.error().kind() + " (" + r.error().message() + ")"
                            : f.status() + ", " + f.payload().bytes() + " bytes" + (f.payload().contentEncoding() != null
                                ? " decoded from " + f.payload().wireBytes() + " " + f.payload().contentEncoding() + " bytes" : "")
                                + (f.redirects().isEmpty() ? "" : ", " + f.redirects().size() + " redirects");
                    picked.put(i, r.target().input().replaceFirst("^https?://", "") + "  ->  " + what);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
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
