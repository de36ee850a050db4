package dev.bulkfetch.dns;

/**
 * What to ask: a name and a record type (class IN).
 *
 * @param name presentation form, with or without the trailing dot
 * @param type a {@link DnsRecordType} code
 */
public record DnsQuestion(String name, int type) {

    /** The name with exactly one trailing dot, as printed in results. */
    public String fqdn() {
        return name.endsWith(".") ? name : name + ".";
    }
}
