package dev.bulkfetch.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Follows CNAME records inside one answer section, from the asked name to the records of the asked
 * type (e.g. RFC 2317 classless reverse delegation, where a PTR name is an alias into another zone).
 *
 * @param targets the alias targets in order
 * @param records the records of the asked type owned by the last name of the chain
 */
record CnameChain(List<String> targets, List<DnsRecord> records) {

    /** @param owner the asked name, lower-case with a trailing dot ({@link #ownerKey}) */
    static CnameChain follow(String owner, int qtype, List<DnsRecord> answers) {
        if (answers.isEmpty()) {
            return new CnameChain(List.of(), List.of());
        }
        String current = owner;
        List<String> targets = List.of();
        if (qtype != DnsRecordType.CNAME) {
            // each hop consumes one record, so a CNAME loop ends after at most answers.size() hops
            for (int hop = 0; hop < answers.size(); hop++) {
                DnsRecord alias = find(answers, current, DnsRecordType.CNAME);
                if (alias == null) {
                    break;
                }
                if (targets.isEmpty()) {
                    targets = new ArrayList<>(2);
                }
                current = alias.data().toLowerCase(Locale.ROOT);
                targets.add(alias.data());
            }
        }
        if (targets.isEmpty() && allMatch(answers, current, qtype)) {
            return new CnameChain(List.of(), answers); // the usual reply: nothing to filter
        }
        List<DnsRecord> records = new ArrayList<>(answers.size());
        for (DnsRecord r : answers) {
            if (r.owner().equals(current) && (r.type() == qtype || qtype == DnsRecordType.ANY)) {
                records.add(r);
            }
        }
        return new CnameChain(targets, records);
    }

    private static boolean allMatch(List<DnsRecord> answers, String owner, int qtype) {
        for (DnsRecord r : answers) {
            if (!r.owner().equals(owner) || (r.type() != qtype && qtype != DnsRecordType.ANY)) {
                return false;
            }
        }
        return true;
    }

    private static DnsRecord find(List<DnsRecord> answers, String owner, int type) {
        for (DnsRecord r : answers) {
            if (r.type() == type && r.owner().equals(owner)) {
                return r;
            }
        }
        return null;
    }

    /** The form owner names are compared in: lower-case, with the trailing dot. */
    static String ownerKey(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    /**
     * {@link #ownerKey(String)} of a name already encoded as {@code wire}: the name itself when it
     * is fully qualified and has no upper-case letter (the usual case in a sweep, where reverse
     * names are built that way), found from the bytes without a second pass over the characters.
     */
    static String ownerKey(String name, byte[] wire) {
        if (!name.endsWith(".")) {
            return ownerKey(name);
        }
        for (byte b : wire) {
            if (b >= 'A' && b <= 'Z') { // label lengths are at most 63, below 'A'
                return ownerKey(name);
            }
        }
        return name;
    }
}
