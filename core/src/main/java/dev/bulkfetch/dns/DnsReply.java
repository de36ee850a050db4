package dev.bulkfetch.dns;

import java.util.List;

/**
 * A reply that passed validation (it answers our question), parsed in place from the datagram.
 *
 * @param rcode     the response code
 * @param truncated the TC bit: the full answer needs TCP
 * @param answers   the answer section
 */
record DnsReply(int rcode, boolean truncated, List<DnsRecord> answers) {
}
