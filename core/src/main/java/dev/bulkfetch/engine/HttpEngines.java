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
 * @param loops event loops that carry the fetches (1 to {@value #MAX_LOOPS}): more than one when a single loop
 *              is the limit, as with a new connection per target, whose connect and close cost the loop's
 *              thread tens of microseconds of kernel time each. The first loop also admits targets and takes
 *              results; each loop has its own HTTP and DNS engine, with a share of the per-host connections
 *              ({@link HttpEngineConfig#share}), and targets go to them in turn. Not with a crawl layer, whose
 *              per-host manners need all of a host's fetches on one loop.
 */
public record HttpEngines(HttpEngineConfig http, DnsEngineConfig dns, HostsFile hosts, CrawlPolicy crawl, int loops) {

    /** More loops than this only add context switches on any machine this runs on. */
    public static final int MAX_LOOPS = 64;

    public HttpEngines {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(hosts, "hosts");
        if (loops < 1 || loops > MAX_LOOPS) {
            throw new IllegalArgumentException("event loops must be 1.." + MAX_LOOPS);
        }
        if (loops > 1 && crawl != null && crawl.active()) {
            throw new IllegalArgumentException("more than one event loop does not go with the crawl options"
                    + " (per-host delays, robots.txt, retries): they keep each host's fetches on one loop");
        }
        if (loops > 1) {
            http.share(loops, 0); // the per-host connections must go round
        }
    }

    /** With a crawl layer or none, on one event loop. */
    public HttpEngines(HttpEngineConfig http, DnsEngineConfig dns, HostsFile hosts, CrawlPolicy crawl) {
        this(http, dns, hosts, crawl, 1);
    }

    /** Plain fetching, without a crawl layer, on one event loop. */
    public HttpEngines(HttpEngineConfig http, DnsEngineConfig dns, HostsFile hosts) {
        this(http, dns, hosts, null, 1);
    }

    /** The same engines on {@code n} event loops. */
    public HttpEngines withLoops(int n) {
        return new HttpEngines(http, dns, hosts, crawl, n);
    }

    boolean crawling() {
        return crawl != null && crawl.active();
    }
}
