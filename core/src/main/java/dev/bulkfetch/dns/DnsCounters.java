package dev.bulkfetch.dns;

/**
 * What the engine has seen on the wire so far, counted as it happens; {@link #snapshot} turns the
 * counts into the {@link DnsEngineStats} record that the summary and tests read.
 *
 * <p>Written by the engine's event loop only, so a plain increment is enough. The fields are
 * volatile all the same: a progress line on another thread reads them while the run goes on and
 * must see recent values, not whatever its core cached at the start.
 */
final class DnsCounters {
    private volatile long queriesSent;
    private volatile long retransmits;
    private volatile long repliesReceived;
    private volatile long accepted;
    private volatile long unmatchedId;
    private volatile long wrongQuestion;
    private volatile long wrongSource;
    private volatile long malformed;
    private volatile long truncated;
    private volatile long timeouts;
    private volatile long socketErrors;
    private volatile long unreachableReports;
    private volatile long notSent;

    /** An attempt left, over UDP or TCP; {@code retransmit} when it is not the question's first. */
    void sent(boolean retransmit) {
        if (retransmit) {
            retransmits++;
        }
        queriesSent++;
    }

    void replyReceived() {
        repliesReceived++;
    }

    void accepted() {
        accepted++;
    }

    void unmatchedId() {
        unmatchedId++;
    }

    void wrongQuestion() {
        wrongQuestion++;
    }

    void wrongSource() {
        wrongSource++;
    }

    void malformed() {
        malformed++;
    }

    void truncated() {
        truncated++;
    }

    /** An attempt that got no acceptable reply: its deadline passed or its TCP connection died. */
    void timedOut() {
        timeouts++;
    }

    void socketError() {
        socketErrors++;
    }

    /** Of the socket errors, an ICMP report that a resolver is unreachable. */
    void unreachableReport() {
        unreachableReports++;
    }

    /** A question failed without a send because no resolver could be asked. */
    void notSent() {
        notSent++;
    }

    DnsEngineStats snapshot() {
        return new DnsEngineStats(queriesSent, retransmits, repliesReceived, accepted, unmatchedId,
                wrongQuestion, wrongSource, malformed, truncated, timeouts, socketErrors, unreachableReports,
                notSent);
    }
}
