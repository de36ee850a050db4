package dev.bulkfetch.testbed;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The data the testbed is authoritative for, computed from the name instead of stored: a forward zone
 * whose names resolve to loopback, and every IPv4 and IPv6 reverse name.
 *
 * <p>Forward zone (default {@code bulkfetch.test}, names compared case-insensitively):
 * <ul>
 *   <li>apex: SOA, NS {@code ns1.<zone>}, MX {@code 10 mail.<zone>}, TXT {@code "bulkfetch testbed"},
 *       CAA {@code 0 issue "<zone>"};</li>
 *   <li>a name with a label {@code ip-127-A-B-C} at any depth ({@code ip-127-0-0-2},
 *       {@code www.ip-127-0-0-2}, {@code a.b.ip-127-0-0-2}): A 127.A.B.C, no AAAA, so one zone gives names on
 *       any loopback address; the leftmost such label decides, and a name with any label starting {@code ip-}
 *       that does not spell a 127/8 address in canonical decimal is NXDOMAIN (with all names below it);</li>
 *   <li>{@code cname-K}, K in 1..8: the chain cname-K → cname-(K-1) → ... → cname-0, every link in the
 *       answer in order, then the records of cname-0 (a plain host);</li>
 *   <li>{@code big-N}, N in 1..200: a host with N TXT records ({@link #bigTxtStrings(int)}), too large for
 *       plain UDP from N = 9;</li>
 *   <li>{@code _svc._tcp}: SRV {@code 10 5 8080 srv.<zone>};</li>
 *   <li>{@code nodata}: exists, no records; {@code servfail}: SERVFAIL; {@code refused}: REFUSED;</li>
 *   <li>a name with any label starting {@code nx-}: NXDOMAIN;</li>
 *   <li>any other name below the apex: a host, A 127.0.0.1 and AAAA ::1.</li>
 * </ul>
 * A label starting {@code nx-} wins over everything, then the {@code ip-} labels, then the rest, so
 * {@code cname-3.ip-127-0-0-2} is A 127.0.0.2 while {@code cname-3} alone is a chain.
 *
 * <p>Reverse: a full {@code d.c.b.a.in-addr.arpa} or 32-nibble {@code ip6.arpa} name has the PTR
 * {@link #ptrFor(InetAddress, String)}; a shorter name of valid labels is NODATA; a bad label is NXDOMAIN.
 * Names anywhere else are REFUSED. A type with no data at an existing name is NODATA. NXDOMAIN and NODATA
 * carry the SOA of the enclosing zone in the authority section.
 *
 * <p>Immutable and safe to share between event loops.
 */
public final class DnsTestbedZone {

    /** The forward zone served unless configured otherwise. */
    public static final String DEFAULT_ZONE = "bulkfetch.test";
    /** Longest CNAME chain, {@code cname-8}. */
    public static final int MAX_CNAME_CHAIN = 8;
    /** Most TXT records of a {@code big-N} name. */
    public static final int MAX_BIG_TXT = 200;

    static final String IN_ADDR_ARPA = "in-addr.arpa";
    static final String IP6_ARPA = "ip6.arpa";

    private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};
    private static final byte[] LOOPBACK_V6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String zone;
    private final String apexFqdn;
    private final long ttl;
    private final byte[] soaRdata;
    private final byte[] nsRdata;
    private final byte[] mxRdata;
    private final byte[] txtRdata;
    private final byte[] caaRdata;
    private final byte[] srvRdata;
    private final String[] cnameOwners;
    private final byte[][] cnameTargets;
    private final byte[][] bigTxt;

    /** The zone {@code config} describes: its forward zone name and TTL. */
    public DnsTestbedZone(DnsTestbedConfig config) {
        this.zone = config.zone();
        this.apexFqdn = zone + '.';
        this.ttl = config.ttl();
        // The rdata never changes, so it is encoded once and shared by every response (read-only).
        this.soaRdata = DnsTestbedRdata.soa("ns1." + apexFqdn, "hostmaster." + apexFqdn, 1, 3600, 600, 86400,
                config.ttl());
        this.nsRdata = DnsTestbedRdata.name("ns1." + apexFqdn);
        this.mxRdata = DnsTestbedRdata.mx(10, "mail." + apexFqdn);
        this.txtRdata = DnsTestbedRdata.txt("bulkfetch testbed");
        this.caaRdata = DnsTestbedRdata.caa(0, "issue", zone);
        this.srvRdata = DnsTestbedRdata.srv(10, 5, 8080, "srv." + apexFqdn);
        this.cnameOwners = new String[MAX_CNAME_CHAIN + 1];
        this.cnameTargets = new byte[MAX_CNAME_CHAIN + 1][];
        for (int k = 0; k <= MAX_CNAME_CHAIN; k++) {
            cnameOwners[k] = "cname-" + k + '.' + apexFqdn;
            cnameTargets[k] = DnsTestbedRdata.name(cnameOwners[k]);
        }
        List<String> strings = bigTxtStrings(MAX_BIG_TXT);
        this.bigTxt = new byte[MAX_BIG_TXT][];
        for (int i = 0; i < MAX_BIG_TXT; i++) {
            bigTxt[i] = DnsTestbedRdata.txt(strings.get(i));
        }
    }

    /**
     * The PTR target of {@code address} in the default zone, e.g. {@code 198-18-1-2.v4.bulkfetch.test.}
     * or {@code 20010db8000000000000000000000001.v6.bulkfetch.test.}.
     */
    public static String ptrFor(InetAddress address) {
        return ptrFor(address, DEFAULT_ZONE);
    }

    /**
     * The PTR target of {@code address} in {@code zone}: the dashed octets below {@code v4.<zone>} for
     * IPv4, the 32 hex nibbles below {@code v6.<zone>} for IPv6, with a trailing dot. Java turns an
     * IPv4-mapped IPv6 address into an {@link Inet4Address}, which gets the IPv4 form.
     */
    public static String ptrFor(InetAddress address, String zone) {
        Objects.requireNonNull(address, "address");
        return ptrFor(address.getAddress(), DnsTestbedNames.canonical(zone));
    }

    /** The strings of the TXT records of {@code big-n}, in order: {@code "bulkfetch big txt 001"}, ... */
    public static List<String> bigTxtStrings(int n) {
        if (n < 1 || n > MAX_BIG_TXT) {
            throw new IllegalArgumentException("n must be within [1, " + MAX_BIG_TXT + "], was " + n);
        }
        List<String> strings = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            strings.add(String.format("bulkfetch big txt %03d", i));
        }
        return List.copyOf(strings);
    }

    /** The forward zone, lower-case without the trailing dot. */
    public String zone() {
        return zone;
    }

    /** Whether {@code name} is in the forward zone or a reverse tree, i.e. not REFUSED. */
    public boolean isAuthoritativeFor(String name) {
        return apexOf(DnsTestbedNames.canonical(name)) != null;
    }

    /** The answer to a question for {@code qname} and {@code type}, without faults. */
    public DnsTestbedAnswer answer(String qname, DnsRecordType type) {
        return answer(qname, DnsTestbedNames.canonical(qname), type);
    }

    /** NXDOMAIN for {@code qname} with the SOA of its zone, as a fault answers; REFUSED outside the zones. */
    public DnsTestbedAnswer nxdomain(String qname) {
        String apex = apexOf(DnsTestbedNames.canonical(qname));
        return apex == null ? DnsTestbedAnswer.REFUSED : negative(DnsResponseCode.NXDOMAIN, apex);
    }

    /**
     * Like {@link #answer(String, DnsRecordType)} when the caller already holds {@code name}, the canonical
     * form of {@code owner}; records are named {@code owner}, the question's own spelling.
     */
    DnsTestbedAnswer answer(String owner, String name, DnsRecordType type) {
        if (DnsTestbedNames.isAtOrBelow(name, zone)) {
            return forward(owner, DnsTestbedNames.below(name, zone), type);
        }
        if (DnsTestbedNames.isAtOrBelow(name, IN_ADDR_ARPA)) {
            String labels = DnsTestbedNames.below(name, IN_ADDR_ARPA);
            return reverse(owner, labels, DnsTestbedReverseName.ipv4(labels), type, IN_ADDR_ARPA);
        }
        if (DnsTestbedNames.isAtOrBelow(name, IP6_ARPA)) {
            String labels = DnsTestbedNames.below(name, IP6_ARPA);
            return reverse(owner, labels, DnsTestbedReverseName.ipv6(labels), type, IP6_ARPA);
        }
        return DnsTestbedAnswer.REFUSED;
    }

    /** The apex of the zone holding canonical {@code name}, or null when the testbed does not serve it. */
    String apexOf(String name) {
        if (DnsTestbedNames.isAtOrBelow(name, zone)) {
            return zone;
        }
        if (DnsTestbedNames.isAtOrBelow(name, IN_ADDR_ARPA)) {
            return IN_ADDR_ARPA;
        }
        return DnsTestbedNames.isAtOrBelow(name, IP6_ARPA) ? IP6_ARPA : null;
    }

    private DnsTestbedAnswer forward(String owner, String labels, DnsRecordType type) {
        if (labels.isEmpty()) {
            return apex(owner, type);
        }
        // A name below a name that does not exist does not exist either.
        if (labels.startsWith("nx-") || labels.contains(".nx-")) {
            return negative(DnsResponseCode.NXDOMAIN, zone);
        }
        if (labels.startsWith("ip-") || labels.contains(".ip-")) {
            return loopbackAlias(owner, labels, type);
        }
        if (labels.indexOf('.') < 0) {
            switch (labels) {
                case "servfail":
                    return DnsTestbedAnswer.SERVFAIL;
                case "refused":
                    return DnsTestbedAnswer.REFUSED;
                case "nodata":
                    return negative(DnsResponseCode.NOERROR, zone);
                default:
                    break;
            }
            if (labels.startsWith("cname-")) {
                return cnameChain(owner, labels, type);
            }
            if (labels.startsWith("big-")) {
                return big(owner, labels, type);
            }
        } else if (labels.equals("_svc._tcp")) {
            List<DnsRecord> records = new ArrayList<>(1);
            add(records, owner, type, DnsRecordType.SRV, srvRdata);
            return found(records);
        }
        List<DnsRecord> records = new ArrayList<>(2);
        addHost(owner, type, records);
        return found(records);
    }

    private DnsTestbedAnswer apex(String owner, DnsRecordType type) {
        List<DnsRecord> records = new ArrayList<>(5);
        add(records, owner, type, DnsRecordType.SOA, soaRdata);
        add(records, owner, type, DnsRecordType.NS, nsRdata);
        add(records, owner, type, DnsRecordType.MX, mxRdata);
        add(records, owner, type, DnsRecordType.TXT, txtRdata);
        add(records, owner, type, DnsRecordType.CAA, caaRdata);
        return found(records);
    }

    /** The A record of the leftmost {@code ip-} label of {@code labels}, or NXDOMAIN if any is misspelt. */
    private DnsTestbedAnswer loopbackAlias(String owner, String labels, DnsRecordType type) {
        byte[] chosen = null;
        for (int start = 0; start < labels.length(); ) {
            int end = labels.indexOf('.', start);
            end = end < 0 ? labels.length() : end;
            if (labels.startsWith("ip-", start)) {
                byte[] address = loopbackAddress(labels, start + "ip-".length(), end);
                if (address == null) {
                    return negative(DnsResponseCode.NXDOMAIN, zone);
                }
                chosen = chosen == null ? address : chosen;
            }
            start = end + 1;
        }
        List<DnsRecord> records = new ArrayList<>(1);
        add(records, owner, type, DnsRecordType.A, chosen);
        return found(records);
    }

    /** The address {@code A-B-C-D} in {@code labels[start, end)} spells, or null unless it is 127/8. */
    private static byte[] loopbackAddress(String labels, int start, int end) {
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octetEnd = i < 3 ? labels.indexOf('-', start) : end;
            if (octetEnd < 0 || octetEnd > end) {
                return null;
            }
            int octet = DnsTestbedNames.parseDecimal(labels, start, octetEnd, 255);
            if (octet < 0) {
                return null;
            }
            address[i] = (byte) octet;
            start = octetEnd + 1;
        }
        // Only loopback: the testbed must never hand out an address that sends traffic off the host.
        return address[0] == 127 ? address : null;
    }

    private DnsTestbedAnswer cnameChain(String owner, String label, DnsRecordType type) {
        int k = DnsTestbedNames.parseDecimal(label, "cname-".length(), label.length(), MAX_CNAME_CHAIN);
        if (k < 0) {
            return negative(DnsResponseCode.NXDOMAIN, zone);
        }
        List<DnsRecord> records = new ArrayList<>(k + 2);
        if (k == 0) {
            addHost(owner, type, records);
            return found(records);
        }
        records.add(raw(owner, DnsRecordType.CNAME, cnameTargets[k - 1]));
        // A CNAME question (or ANY) is answered by the alias itself; resolvers chase the chain.
        if (type.equals(DnsRecordType.CNAME) || type.equals(DnsRecordType.ANY)) {
            return found(records);
        }
        for (int link = k - 1; link >= 1; link--) {
            records.add(raw(cnameOwners[link], DnsRecordType.CNAME, cnameTargets[link - 1]));
        }
        addHost(cnameOwners[0], type, records);
        if (records.size() == k) {
            // The chain ends at a name without data of this type: NODATA, but the chain still counts.
            return new DnsTestbedAnswer(DnsResponseCode.NOERROR, records, List.of(soa(zone)));
        }
        return found(records);
    }

    private DnsTestbedAnswer big(String owner, String label, DnsRecordType type) {
        int n = DnsTestbedNames.parseDecimal(label, "big-".length(), label.length(), MAX_BIG_TXT);
        if (n < 1) {
            return negative(DnsResponseCode.NXDOMAIN, zone);
        }
        List<DnsRecord> records = new ArrayList<>(n + 2);
        addHost(owner, type, records);
        if (wants(type, DnsRecordType.TXT)) {
            for (int i = 0; i < n; i++) {
                records.add(raw(owner, DnsRecordType.TXT, bigTxt[i]));
            }
        }
        return found(records);
    }

    private DnsTestbedAnswer reverse(String owner, String labels, DnsTestbedReverseName parsed,
                                     DnsRecordType type, String apex) {
        if (labels.isEmpty()) {
            List<DnsRecord> records = new ArrayList<>(2);
            add(records, owner, type, DnsRecordType.SOA, soaRdata);
            add(records, owner, type, DnsRecordType.NS, nsRdata);
            return records.isEmpty() ? negative(DnsResponseCode.NOERROR, apex) : found(records);
        }
        switch (parsed.shape()) {
            case FULL:
                if (!wants(type, DnsRecordType.PTR)) {
                    return negative(DnsResponseCode.NOERROR, apex);
                }
                return found(List.of(new DefaultDnsPtrRecord(owner, DnsRecord.CLASS_IN, ttl,
                        ptrFor(parsed.address(), zone))));
            case PARTIAL:
                return negative(DnsResponseCode.NOERROR, apex);
            default:
                return negative(DnsResponseCode.NXDOMAIN, apex);
        }
    }

    private void addHost(String owner, DnsRecordType type, List<DnsRecord> out) {
        add(out, owner, type, DnsRecordType.A, LOOPBACK_V4);
        add(out, owner, type, DnsRecordType.AAAA, LOOPBACK_V6);
    }

    private void add(List<DnsRecord> out, String owner, DnsRecordType asked, DnsRecordType type, byte[] rdata) {
        if (wants(asked, type)) {
            out.add(raw(owner, type, rdata));
        }
    }

    private static boolean wants(DnsRecordType asked, DnsRecordType type) {
        return asked.equals(type) || asked.equals(DnsRecordType.ANY);
    }

    /** NOERROR with {@code records}, or NODATA (SOA in authority) when there are none. */
    private DnsTestbedAnswer found(List<DnsRecord> records) {
        return records.isEmpty()
                ? negative(DnsResponseCode.NOERROR, zone)
                : new DnsTestbedAnswer(DnsResponseCode.NOERROR, records, List.of());
    }

    /** NXDOMAIN or NODATA: no answers, the SOA of {@code apex} so resolvers can cache the negative answer. */
    private DnsTestbedAnswer negative(DnsResponseCode rcode, String apex) {
        return new DnsTestbedAnswer(rcode, List.of(), List.of(soa(apex)));
    }

    private DnsRecord soa(String apex) {
        return raw(apex + '.', DnsRecordType.SOA, soaRdata);
    }

    private DnsRecord raw(String owner, DnsRecordType type, byte[] rdata) {
        // The encoder reads the content without moving its reader index, so wrapping shared bytes is safe.
        return new DefaultDnsRawRecord(owner, type, ttl, Unpooled.wrappedBuffer(rdata));
    }

    /** {@link #ptrFor(InetAddress, String)} on raw network-order bytes and a canonical zone. */
    static String ptrFor(byte[] address, String zone) {
        StringBuilder target = new StringBuilder(48 + zone.length());
        if (address.length == 4) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    target.append('-');
                }
                target.append(address[i] & 0xff);
            }
            target.append(".v4.");
        } else {
            for (byte b : address) {
                target.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            target.append(".v6.");
        }
        return target.append(zone).append('.').toString();
    }
}
