package dev.bulkfetch.http;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The connections of one origin (scheme, host, port): at most {@code perHost} of them, reused while
 * the server keeps them alive, each taking as many requests as the pipeline depth allows. Requests
 * wait here in order when every connection is busy, or when the engine's {@link ConnectionBudget} has
 * no room for another connection.
 */
final class HostPool implements ConnectionBudget.Waiter {
    static final int MAX_ATTEMPTS = 3;

    private final ConnectionFactory connections;
    private final ConnectionBudget budget;
    private final FetchFinisher finisher;
    private final int perHost;
    private final ArrayDeque<HttpConnection> available = new ArrayDeque<>();
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private int open;
    private int peakOpen;
    private final PipelineDepth depth;

    HostPool(ConnectionFactory connections, ConnectionBudget budget, FetchFinisher finisher, int perHost,
             PipelineDepth depth) {
        this.connections = connections;
        this.budget = budget;
        this.finisher = finisher;
        this.perHost = perHost;
        this.depth = depth;
    }

    /** Requests a connection of this origin may carry now. */
    int depth() {
        return depth.current();
    }

    /** Pipelined requests go out in batches, each sent once the one before is answered in full. */
    boolean batchesPipelines() {
        return depth.batches();
    }

    PipeliningStats pipelining() {
        return depth.stats();
    }

    /** Pipelined requests were lost (a reset, or a close without a word): one request per connection from now on. */
    void stopPipelining() {
        depth.stop();
    }

    /** A response said the connection closes after it, while requests were queued behind it on the connection. */
    void closedAfterResponse() {
        depth.closedWithRequestsBehind();
    }

    /** A response ended {@code headNanos} after its request became the one answered; the depth may adapt. */
    void responded(long headNanos, boolean keptAlive) {
        depth.responded(headNanos, keptAlive, liveWaiting() != null);
    }

    void submit(Exchange ex) {
        HttpConnection c = takeAvailable();
        if (c != null) {
            c.send(ex);
            offer(c);
            return;
        }
        waiting.addLast(ex);
        openOne();
    }

    /** Opens a connection for the requests waiting here, if the per-host cap and the engine's budget allow. */
    private void openOne() {
        Exchange first = liveWaiting();
        if (first == null || open >= perHost || connections.closed() || !budget.tryOpen(this)) {
            return; // a full budget calls budgetFreed() when a connection anywhere closes
        }
        open++;
        peakOpen = Math.max(peakOpen, open);
        connections.open(this, first);
    }

    /** Room in the budget again: one connection per freed place, and a place in line again while more wait. */
    @Override
    public void budgetFreed() {
        openOne();
        if (open < perHost && waiting.size() > open) {
            budget.await(this);
        }
    }

    /**
     * A connect found no file descriptor. It sent nothing, so no request fails: they wait here until the
     * budget, now capped, has room.
     */
    void onNoDescriptor(HttpConnection c, String reason) {
        connections.forget(c);
        open--;
        budget.outOfDescriptors(this, reason);
    }

    /** A connection came up or finished a response: give it waiting requests. */
    void onRoom(HttpConnection c) {
        Exchange ex;
        while (c.hasRoom() && (ex = nextWaiting()) != null) {
            c.send(ex);
        }
        offer(c);
    }

    /**
     * A connection closed. Requests on it that got no response byte are asked again on another
     * connection (the server closing a kept-alive connection is normal); a connection that never
     * came up fails the request it was opened for.
     */
    void onClosed(HttpConnection c, BulkError error) {
        connections.forget(c);
        open--;
        if (!c.wasOpened()) {
            Exchange first = nextWaiting();
            if (first != null) {
                finisher.failed(first, error != null ? error
                        : BulkError.of(ErrorKind.CONNECTION_RESET, "connection closed while connecting"));
            }
        }
        List<Exchange> left = c.takeInFlight();
        if (error == null && c.reusable() && left.stream().anyMatch(Exchange::pipelined)) {
            // closed without a word under pipelined requests; a request sent alone and lost is the usual race with
            // the server's keep-alive timeout, and a close a response announced was met in closedAfterResponse
            stopPipelining();
        }
        // after an error the exchange being answered has already failed; what is left is collateral
        boolean first = error == null;
        for (Exchange ex : left) {
            boolean head = first;
            first = false;
            if (ex.fetch().done()) {
                continue;
            }
            // A request queued behind the one being answered lost nothing but its place: it goes
            // again (its total deadline bounds that). The one being answered, unanswered, counts as
            // an attempt: a server that closes every connection at once must not be asked forever.
            if (!ex.answered() && (!head || ex.fetch().attempts() < MAX_ATTEMPTS)) {
                submit(ex.again());
            } else {
                finisher.failed(ex, error != null ? error
                        : BulkError.of(ErrorKind.CONNECTION_RESET, "connection closed before the response"));
            }
        }
        budget.closed();
        openOne();
    }

    int peakOpen() {
        return peakOpen;
    }

    private void offer(HttpConnection c) {
        if (c.hasRoom() && !c.listed(true)) {
            available.addLast(c);
        }
    }

    private HttpConnection takeAvailable() {
        HttpConnection c;
        while ((c = available.peekFirst()) != null) {
            if (c.hasRoom()) {
                if (c.inFlightCount() + 1 >= depth.current()) {
                    available.pollFirst(); // full after this request: listed again when it has room
                    c.listed(false);
                }
                return c;
            }
            available.pollFirst();
            c.listed(false);
        }
        return null;
    }

    private Exchange nextWaiting() {
        Exchange ex = liveWaiting();
        return ex == null ? null : waiting.pollFirst();
    }

    /** The first waiting request whose fetch is not over, left in place; the finished ones before it are dropped. */
    private Exchange liveWaiting() {
        Exchange ex;
        while ((ex = waiting.peekFirst()) != null && ex.fetch().done()) {
            waiting.pollFirst();
        }
        return ex;
    }
}
