package dev.bulkfetch.cli;

import dev.bulkfetch.crawl.CrawlPolicy;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The manners of a crawl on {@code http}: {@code --per-ip}, {@code --host-delay}, {@code --max-host-delay},
 * {@code --lookahead}, {@code --robots}, {@code --retries}, {@code --retry-delay}. Any of them turns the crawl
 * layer on; without them targets start as they come.
 */
final class CrawlOptions {
    @Option(names = "--per-ip", paramLabel = "N", defaultValue = "0",
            description = "Fetches under way to one IP address at most, over all its host names (default: 0 = no limit).")
    int perIp;

    @Option(names = "--host-delay", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = {"After a request to a host ends, wait this long before the next one to it; requests to a",
                "host then go one at a time (default: ${DEFAULT-VALUE})."})
    Duration hostDelay;

    @Option(names = "--max-host-delay", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait a server can impose through Retry-After, Crawl-delay or failures in a row (default: ${DEFAULT-VALUE}).")
    Duration maxHostDelay;

    @Option(names = "--lookahead", paramLabel = "N", defaultValue = "100000",
            description = {"Targets read ahead and held in per-host lines, so input sorted by host still crawls many",
                "hosts at once (default: ${DEFAULT-VALUE})."})
    int lookahead;

    @Option(names = "--robots", description = {"Obey robots.txt (RFC 9309, product token 'bulkfetch'): fetched once per",
        "host; disallowed URLs give ROBOTS_DISALLOWED records; Crawl-delay is honoured."})
    boolean robots;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
            description = {"Retry transient failures (connect timeout, reset, first-byte timeout, 5xx, 429) up to N",
                "times, with exponential back-off and jitter (default: ${DEFAULT-VALUE})."})
    int retries;

    @Option(names = "--retry-delay", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Back-off before the first retry; doubled for each further one (default: ${DEFAULT-VALUE}).")
    Duration retryDelay;

    /**
     * @param concurrency fetches under way at most ({@code -c})
     * @param perHost     fetches under way to one host at most: connections times pipeline depth
     */
    CrawlPolicy policy(int concurrency, int perHost) {
        try {
            return CrawlPolicy.builder().concurrency(concurrency).perHost(perHost).perIp(perIp).hostDelay(hostDelay)
                    .maxHostDelay(maxHostDelay).lookahead(lookahead).robots(robots).retries(retries)
                    .retryDelay(retryDelay).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
