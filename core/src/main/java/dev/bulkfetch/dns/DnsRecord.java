package dev.bulkfetch.dns;

/**
 * One resource record from a reply, in presentation form.
 *
 * @param owner the owner name, lower-case, with a trailing dot
 * @param type  the type code
 * @param ttl   seconds
 * @param data  the record data as dig prints it ({@code 10 mail.example.}, {@code "text"}, ...)
 */
public record DnsRecord(String owner, int type, long ttl, String data) {

    @Override
    public String toString() {
        return owner + " " + ttl + " " + DnsRecordType.name(type) + " " + data;
    }
}
