package dev.bulkfetch.engine;

import dev.bulkfetch.crawl.CrawlPolicy;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.http.HostsFile;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedArrival;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Crawls over the HTTP testbed's virtual hosts ({@code NAME.bulkfetch.test}, resolved by the DNS testbed to
 * loopback): runs a list of URLs under a policy and returns the records in input order.
 */
final class CrawlFixture implements AutoCloseable {
    final HttpTestbed server;
    final DnsTestbed dns = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build());
    HttpEngineConfig http = HttpEngineConfig.builder().firstByteTimeout(Duration.ofSeconds(2))
            .totalTimeout(Duration.ofSeconds(10)).build();

    CrawlFixture(HttpTestbed server) {
        this.server = server;
    }

    /** http://HOST.bulkfetch.test:PORT/PATH */
    String url(String host, String path) {
        return "http://" + host + ".bulkfetch.test:" + server.port() + path;
    }

    /** Runs the URLs (one per input line) and returns one record per line, in input order. */
    List<HttpResult> crawl(CrawlPolicy policy, List<String> urls) {
        return crawl(policy, urls, RunControl.none());
    }

    List<HttpResult> crawl(CrawlPolicy policy, List<String> urls, RunControl control) {
        byte[] input = (String.join("\n", urls) + "\n").getBytes(StandardCharsets.UTF_8);
        HttpTargets targets = HttpTargets.of(new InputArguments(List.of("-"), new ByteArrayInputStream(input)));
        List<HttpResult> results = new ArrayList<>();
        DnsEngineConfig resolver = DnsEngineConfig.builder().resolver(dns.address()).build();
        HttpRun.run(RunSpec.builder(new HttpEngines(http, resolver, HostsFile.empty(), policy), targets,
                new ListSink<>(results)).limits(new RunLimits(policy.concurrency(), 0)).control(control).build());
        results.sort(Comparator.comparingLong(r -> r.target().line()));
        assertEquals(urls.size(), results.size(), "one record per input line");
        return results;
    }

    /** The server's arrivals, by host. */
    Map<String, List<HttpTestbedArrival>> arrivalsByHost() {
        Map<String, List<HttpTestbedArrival>> by = new HashMap<>();
        for (HttpTestbedArrival a : server.arrivals()) {
            by.computeIfAbsent(a.host(), h -> new ArrayList<>()).add(a);
        }
        return by;
    }

    /** The smallest gap between two arrivals in a row, in milliseconds. */
    static double minGapMillis(List<HttpTestbedArrival> arrivals) {
        double min = Double.MAX_VALUE;
        for (int i = 1; i < arrivals.size(); i++) {
            min = Math.min(min, (arrivals.get(i).nanoTime() - arrivals.get(i - 1).nanoTime()) / 1e6);
        }
        return min;
    }

    static String kind(HttpResult r) {
        return r.error() == null ? null : r.error().kind().name();
    }

    @Override
    public void close() {
        dns.close();
        server.close();
    }
}
