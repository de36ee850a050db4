package dev.bulkfetch.testbed;

import java.util.SplittableRandom;

/**
 * Decides, from the seed alone, which queries the testbed answers wrongly on purpose: NXDOMAIN, SERVFAIL,
 * truncation over UDP, and dropped datagrams.
 *
 * <p>A name's fate and its truncation come from a hash of (seed, lower-cased name without trailing dot),
 * so a name always meets the same fate, on both transports, in every run with that seed, and a test can
 * predict it with {@link #fateOf(String)} and {@link #truncatesOverUdp(String)}. Drops are drawn per
 * datagram from a seeded PRNG instead ({@link #drops(int)}), so a retransmit of a dropped query may be
 * answered: that is what exercises a client's retry path.
 *
 * <pre>{@code
 * DnsTestbedFaults faults = DnsTestbedFaults.of(config);
 * if (faults.fateOf("www.bulkfetch.test") == DnsTestbedFaults.Fate.NXDOMAIN) { ... }
 * }</pre>
 *
 * <p>Immutable and safe to share; only a {@link DropSequence} has state.
 */
public final class DnsTestbedFaults {

    /** What the testbed does with a name it is authoritative for, before looking at the zone. */
    public enum Fate {
        /** Answered from the zone. */
        ANSWER,
        /** Answered NXDOMAIN with the SOA of its zone, whatever the zone holds. */
        NXDOMAIN,
        /** Answered SERVFAIL. */
        SERVFAIL
    }

    // Distinct salts keep the knobs independent: a name's fate says nothing about its truncation.
    private static final long FATE_SALT = 0x6a09e667f3bcc908L;
    private static final long TRUNCATE_SALT = 0xbb67ae8584caa73bL;
    private static final long DROP_SALT = 0x3c6ef372fe94f82bL;

    private final long seed;
    private final double nxdomainShare;
    private final double servfailShare;
    private final double dropShare;
    private final double truncateShare;

    private DnsTestbedFaults(DnsTestbedConfig config) {
        this.seed = config.seed();
        this.nxdomainShare = config.nxdomainShare();
        this.servfailShare = config.servfailShare();
        this.dropShare = config.dropShare();
        this.truncateShare = config.truncateShare();
    }

    /** The faults a testbed started with {@code config} applies. */
    public static DnsTestbedFaults of(DnsTestbedConfig config) {
        return new DnsTestbedFaults(config);
    }

    /** The fate of {@code name} (any case, trailing dot or not). */
    public Fate fateOf(String name) {
        if (nxdomainShare == 0.0 && servfailShare == 0.0) {
            return Fate.ANSWER;
        }
        double u = unitHash(seed, FATE_SALT, name);
        if (u < nxdomainShare) {
            return Fate.NXDOMAIN;
        }
        return u < nxdomainShare + servfailShare ? Fate.SERVFAIL : Fate.ANSWER;
    }

    /** Whether {@code name} is always answered with TC=1 and no records over UDP (TCP gets the answer). */
    public boolean truncatesOverUdp(String name) {
        return truncateShare > 0.0 && unitHash(seed, TRUNCATE_SALT, name) < truncateShare;
    }

    /**
     * The drop decisions of UDP socket number {@code socketIndex} (0 unless several event loop threads
     * share the port), one per well-formed query in the order the socket receives them. A new sequence
     * starts from the beginning, so a test can replay what a fresh testbed will do.
     */
    public DropSequence drops(int socketIndex) {
        return new DropSequence(dropShare, new SplittableRandom(mix(seed ^ DROP_SALT) + socketIndex));
    }

    /**
     * A uniform value in [0, 1) from (seed, salt, name), folding ASCII case and ignoring one trailing dot
     * so every spelling of a name agrees; no allocation, it runs per query.
     */
    static double unitHash(long seed, long salt, String name) {
        int end = name.endsWith(".") ? name.length() - 1 : name.length();
        long h = mix(seed ^ salt);
        for (int i = 0; i < end; i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            h = (h ^ c) * 0x100000001b3L; // FNV-1a step
        }
        return (mix(h) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser: spreads FNV's weak low bits over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The seeded drop decisions of one UDP socket. Not thread-safe: each socket's handler owns one and
     * uses it on that socket's event loop only.
     */
    public static final class DropSequence {
        private final double share;
        private final SplittableRandom random;

        private DropSequence(double share, SplittableRandom random) {
            this.share = share;
            this.random = random;
        }

        /** Whether the next well-formed query is dropped. */
        public boolean dropNext() {
            return share > 0.0 && random.nextDouble() < share;
        }
    }
}
