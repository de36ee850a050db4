package dev.bulkfetch.dns;

/**
 * What a {@link DnsEngine} saw on the wire, for the end-of-run summary and for tests that check
 * a forged or malformed reply was seen and dropped.
 *
 * @param queriesSent     datagrams and TCP messages sent, retransmits included
 * @param retransmits     attempts after the first one of a question
 * @param repliesReceived everything that arrived
 * @param accepted        replies that matched a waiting question and were used
 * @param unmatchedId     replies whose id no query was waiting for (late or forged)
 * @param wrongQuestion   replies with a live id but another question (forged or confused)
 * @param wrongSource     replies from another address or port than the one asked
 * @param malformed       replies that could not be parsed
 * @param truncated       TC replies that sent the question over TCP
 * @param timeouts        attempts that got no acceptable reply in time
 * @param socketErrors    errors reported by sockets (ICMP unreachable and the like)
 * @param unreachable     of those, ICMP reports that a resolver is unreachable (port, host or network)
 * @param notSent         questions failed without a send because no resolver could be asked
 */
public record DnsEngineStats(long queriesSent, long retransmits, long repliesReceived, long accepted,
                             long unmatchedId, long wrongQuestion, long wrongSource, long malformed,
                             long truncated, long timeouts, long socketErrors, long unreachable, long notSent) {
}
