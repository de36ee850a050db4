package dev.bulkfetch.dns;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.error.Failures;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Which resolvers may be asked now. A resolver whose socket reports an ICMP error (port or host
 * unreachable: the kernel knows at once, a timeout would take seconds) or that has been asked
 * several questions and has answered none for a whole retransmit budget is set aside for one timeout, so that queries go
 * to the others instead of waiting out their timeouts on it. Without this, a wrong {@code --resolver}
 * turned a /24 into 85 s of silent timeouts: every timeout halved the window.
 *
 * <p>When no resolver may be asked, queries either wait or fail at once. They wait while some
 * resolver is only resting: it has answered before and has been quiet for less than the budget (a
 * restart, a blip). They fail at once, naming why ({@link #noneUsable}), when every resolver is set
 * aside and has either never answered (a wrong address) or been quiet for the whole budget (gone):
 * a sweep then ends in about one budget, not in hours. A resolver set aside is asked again after its
 * rest, and one answer makes it usable again.
 *
 * <p>Owned by the {@link ResolverPool}, which asks it before choosing a resolver. Confined to the
 * engine's event loop.
 */
final class ResolverHealth {
    /**
     * Questions a resolver must leave unanswered before its silence counts: one name whose servers
     * are down makes a healthy resolver silent about that name for the whole budget, and in a sparse
     * run (host names of an HTTP crawl) nothing else may be asked meanwhile.
     */
    static final int SILENT_QUESTIONS = 8;
    private static final long MIN_SILENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final InetSocketAddress[] resolvers;
    private final long restNanos;
    private final long silenceNanos;
    private final long[] downUntil;
    private final boolean[] down;
    private final boolean[] answered;
    /** when the first query after the last answer went out; meaningful while unanswered[r] > 0 */
    private final long[] quietSince;
    /** queries sent since the last answer, retransmits included */
    private final long[] unanswered;
    /** questions asked for the first time since the last answer */
    private final long[] unansweredQuestions;
    /** the last ICMP error of each resolver, or null */
    private final BulkError[] unreachable;

    /**
     * @param resolvers    the pool's resolvers, in rotation order
     * @param restNanos    how long a failing resolver is left alone before it is asked again
     * @param silenceNanos how long a resolver may be asked without answering before it counts as gone
     */
    ResolverHealth(InetSocketAddress[] resolvers, long restNanos, long silenceNanos) {
        int n = resolvers.length;
        this.resolvers = resolvers;
        this.restNanos = restNanos;
        this.silenceNanos = silenceNanos;
        this.downUntil = new long[n];
        this.down = new boolean[n];
        this.answered = new boolean[n];
        this.quietSince = new long[n];
        this.unanswered = new long[n];
        this.unansweredQuestions = new long[n];
        this.unreachable = new BulkError[n];
    }

    /**
     * How long a resolver may leave every question unanswered before it counts as gone: a whole
     * retransmit budget (as long as one question may take before it times out for good), but never
     * under 2 s, so that a short {@code --timeout} does not give up on a resolver that is only slow to
     * start (a JVM warming up, a cache filling) on a busy machine.
     */
    static long silenceNanos(long timeoutNanos, int retries) {
        return Math.max(timeoutNanos * (retries + 1L), MIN_SILENCE_NANOS);
    }

    /** The first resolver from {@code start} on (in rotation order) that may be asked now, or -1. */
    int pick(int start, long now) {
        for (int i = 0; i < resolvers.length; i++) {
            int r = (start + i) % resolvers.length;
            if (usable(r, now)) {
                return r;
            }
        }
        return -1;
    }

    boolean usable(int r, long now) {
        if (down[r] && now - downUntil[r] >= 0) {
            down[r] = false;
        }
        return !down[r];
    }

    /**
     * True when no resolver may be asked and none is worth waiting for: each is set aside and has
     * never answered or has been quiet for the whole budget.
     */
    boolean hopeless(long now) {
        for (int r = 0; r < resolvers.length; r++) {
            if (usable(r, now) || (answered[r] && !quietForBudget(r, now))) {
                return false;
            }
        }
        return true;
    }

    /** @param firstAttempt whether this is the question's first attempt (not a retransmit) */
    void onSent(int r, long now, boolean firstAttempt) {
        if (unanswered[r]++ == 0) {
            quietSince[r] = now;
        }
        if (firstAttempt) {
            unansweredQuestions[r]++;
        }
    }

    /** An acceptable reply: the resolver works, whatever was said of it before. */
    void onAnswer(int r) {
        answered[r] = true;
        unanswered[r] = 0;
        unansweredQuestions[r] = 0;
        down[r] = false;
    }

    /** The socket reported an ICMP error: the resolver is set aside for a rest. */
    void onUnreachable(int r, BulkError error, long now) {
        unreachable[r] = error;
        setAside(r, now);
    }

    /** An attempt on {@code r} timed out: a resolver quiet for a whole budget is set aside. */
    void onTimeout(int r, long now) {
        if (quietForBudget(r, now)) {
            setAside(r, now);
        }
    }

    private boolean quietForBudget(int r, long now) {
        return unansweredQuestions[r] >= SILENT_QUESTIONS && now - quietSince[r] >= silenceNanos;
    }

    private void setAside(int r, long now) {
        down[r] = true;
        downUntil[r] = now + restNanos;
    }

    /** Why no resolver may be asked: the error of a query that fails without being sent (again). */
    BulkError noneUsable(long now) {
        StringBuilder why = new StringBuilder(resolvers.length == 1 ? "" : "no resolver usable: ");
        int errno = 0;
        for (int r = 0; r < resolvers.length && r < 3; r++) {
            if (r > 0) {
                why.append("; ");
            }
            BulkError icmp = unreachable[r];
            if (icmp != null) {
                errno = errno == 0 ? icmp.errno() : errno;
                why.append(icmp.message()); // names the resolver
            } else {
                why.append("resolver ").append(ResolverAddresses.format(resolvers[r])).append(String.format(Locale.ROOT,
                        " has not answered %s%,d queries in %.1f s", answered[r] ? "the last " : "any of ",
                        unanswered[r], (now - quietSince[r]) / 1e9));
            }
        }
        if (resolvers.length > 3) {
            why.append(String.format(Locale.ROOT, "; and %d more", resolvers.length - 3));
        }
        return new BulkError(ErrorKind.DNS_UNREACHABLE, errno, why.toString());
    }

    /**
     * The DNS_UNREACHABLE error for an error on a resolver's socket, or null when it is not an ICMP
     * report that the resolver cannot be reached (e.g. ENOBUFS on send: that datagram is lost and its
     * timeout will tell).
     */
    static BulkError unreachableError(InetSocketAddress resolver, Throwable cause) {
        BulkError seen = Failures.classify(cause, Failures.Phase.READ);
        String why = switch (seen.kind()) {
            case CONNECT_REFUSED -> "refused the query (ICMP port unreachable: nothing listens on that port)";
            case NO_ROUTE -> "is unreachable (ICMP host unreachable)";
            case NET_UNREACHABLE -> "is unreachable (ICMP network unreachable)";
            default -> null;
        };
        return why == null ? null : new BulkError(ErrorKind.DNS_UNREACHABLE, seen.errno(),
                "resolver " + ResolverAddresses.format(resolver) + " " + why);
    }
}
