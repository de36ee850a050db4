package dev.bulkfetch.dns;

import dev.bulkfetch.loop.DeadlineQueue;
import dev.bulkfetch.error.BulkError;

/**
 * The mutable state of one question while it is in flight. Confined to the event loop; reused for
 * every attempt so retransmits allocate nothing.
 */
final class PendingQuery implements DeadlineQueue.Entry {
    final DnsQuestion question;
    final byte[] qnameWire;
    /** the question name as owner names are compared (lower-case, trailing dot) */
    final String owner;
    final DnsCallback callback;
    /** when the question was asked, before any wait for room in the window */
    final long askedAtNanos;

    int attempts;
    int resolverIndex;
    /** where the current attempt waits for its reply (a UDP socket or a TCP connection), or null */
    InflightTable table;
    int id;
    boolean viaTcp;
    long sentAtNanos;
    long deadlineNanos;
    /** entries of this query in a timeout queue; only the newest one is live */
    int queuedTimeouts;
    boolean done;
    /** why the previous attempt failed, reported when the budget runs out */
    int lastRcode = -1;
    /** the ICMP error that ended the previous attempt, or null when it ended otherwise */
    BulkError lastUnreachable;

    PendingQuery(DnsQuestion question, byte[] qnameWire, DnsCallback callback, long askedAtNanos) {
        this.askedAtNanos = askedAtNanos;
        this.question = question;
        this.qnameWire = qnameWire;
        this.owner = CnameChain.ownerKey(question.name(), qnameWire);
        this.callback = callback;
    }

    @Override
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public boolean waiting() {
        // a query waiting in the backlog (table null) is not on the wire: its old deadline means nothing
        return !done && queuedTimeouts == 1 && table != null;
    }

    @Override
    public void queued(int delta) {
        queuedTimeouts += delta;
    }
}
