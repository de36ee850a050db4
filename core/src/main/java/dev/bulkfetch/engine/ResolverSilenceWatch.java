package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngineStats;
import dev.bulkfetch.dns.ResolverAddresses;
import dev.bulkfetch.metrics.IntervalSnapshot;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Says so, once, when queries have gone out and no resolver has answered for a few seconds, and
 * again when answers come back. A run against a wrong or dead resolver otherwise looked like a run
 * that hangs, with the progress line off (the default when stderr is not a terminal) showing nothing
 * at all. Runs on the writer thread, where the listener is called about once a second.
 */
final class ResolverSilenceWatch implements RunListener {
    static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final RunListener next;
    private final Supplier<DnsEngineStats> stats;
    private final String resolvers;
    // the run starts with nothing answered and nothing sent: queries that went out before the first
    // look (a loaded machine's first progress tick comes late) are outstanding, not a baseline
    private long answered;
    private long sentWhenAnswered;
    private long quietSince = -1;
    private boolean told;

    private ResolverSilenceWatch(RunListener next, Supplier<DnsEngineStats> stats, List<InetSocketAddress> resolvers) {
        this.next = next;
        this.stats = stats;
        this.resolvers = resolvers.stream().limit(3).map(ResolverAddresses::format).collect(Collectors.joining(", "))
                + (resolvers.size() > 3 ? " and " + (resolvers.size() - 3) + " more" : "");
    }

    static RunListener around(RunListener next, Supplier<DnsEngineStats> stats, List<InetSocketAddress> resolvers) {
        return new ResolverSilenceWatch(next, stats, resolvers);
    }

    @Override
    public void progress(Progress p) {
        look(p.elapsedNanos());
        next.progress(p);
    }

    /** Compares the engine's counters with the last look; {@code now} is the run's elapsed time. */
    void look(long now) {
        DnsEngineStats s = stats.get();
        if (s.accepted() != answered) {
            if (told) {
                next.notice(String.format(Locale.ROOT, "DNS replies again after %.0f s of silence",
                        (now - quietSince) / 1e9));
            }
            answered = s.accepted();
            sentWhenAnswered = s.queriesSent();
            quietSince = -1;
            told = false;
            return;
        }
        if (s.queriesSent() == sentWhenAnswered) {
            return; // nothing asked since the last answer: quiet, not silent
        }
        if (quietSince < 0) {
            quietSince = now;
        } else if (!told && now - quietSince >= SILENCE_NANOS) {
            told = true;
            String icmp = s.unreachable() == 0 ? ""
                    : String.format(Locale.ROOT, ", %,d ICMP unreachable reports", s.unreachable());
            next.notice(String.format(Locale.ROOT, "no DNS reply from %s for %.0f s (%,d queries sent%s);"
                            + " is the resolver up and is --resolver right?", resolvers, (now - quietSince) / 1e9,
                    s.queriesSent() - sentWhenAnswered, icmp));
        }
    }

    @Override
    public void interval(IntervalSnapshot snapshot) {
        next.interval(snapshot);
    }

    @Override
    public Duration intervalLength() {
        return next.intervalLength();
    }

    @Override
    public void notice(String message) {
        next.notice(message);
    }
}
