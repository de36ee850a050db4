package dev.bulkfetch.engine;

import dev.bulkfetch.crawl.CrawlPolicy;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.http.HostsFile;
import dev.bulkfetch.http.HttpEngineConfig;

import java.util.Objects;

/**
 * The engines of an HTTP run and their settings: what {@link RunSpec#engines()} holds for {@link HttpRun}.
 *
 * @param http  the HTTP engine's settings
 * @param dns   resolvers for host names, or null to accept only IP literals and /etc/hosts names
 * @param hosts the /etc/hosts table (read by the caller, off the loop)
 * @param crawl the crawl layer's manners (per-host lines, delays, robots.txt, retries), or null (or a
 *              policy that is not {@link CrawlPolicy#active() active}) to start targets as they come;
 *              with it, the spec's concurrency gives way to the policy's lookahead and concurrency
 */
public record HttpEngines(HttpEngineConfig http, DnsEngineConfig dns, HostsFile hosts, CrawlPolicy crawl) {

    public HttpEngines {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(hosts, "hosts");
    }

    /** Plain fetching, without a crawl layer. */
    public HttpEngines(HttpEngineConfig http, DnsEngineConfig dns, HostsFile hosts) {
        this(http, dns, hosts, null);
    }

    boolean crawling() {
        return crawl != null && crawl.active();
    }
}
