package dev.bulkfetch.error;

/**
 * Every way a target can fail, one kind per failure. The names are part of the output format
 * (the {@code error.kind} field) and never change meaning once published.
 */
public enum ErrorKind {
    /** The input line is not a valid target (bad URL, address, range or name). */
    INVALID_INPUT,
    /** The name does not exist (only an error where a name had to resolve, e.g. for HTTP). */
    DNS_NXDOMAIN,
    /** The resolver answered SERVFAIL on every attempt. */
    DNS_SERVFAIL,
    /** The resolver answered REFUSED on every attempt. */
    DNS_REFUSED,
    /** The resolver answered FORMERR, NOTIMP or another error rcode. */
    DNS_ERROR,
    /** No acceptable reply within the retransmit budget. */
    DNS_TIMEOUT,
    /**
     * No resolver could be asked: each reported an ICMP error (the errno says which: ECONNREFUSED for a
     * port nothing listens on, EHOSTUNREACH, ENETUNREACH) or has not answered anything since the run
     * began. The query was not sent, or not again.
     */
    DNS_UNREACHABLE,
    /** The name exists but has no address (for HTTP targets). */
    DNS_NO_ADDRESS,
    CONNECT_REFUSED,
    CONNECT_TIMEOUT,
    NO_ROUTE,
    NET_UNREACHABLE,
    CONNECTION_RESET,
    TLS_HANDSHAKE,
    FIRST_BYTE_TIMEOUT,
    READ_TIMEOUT,
    DEADLINE_EXCEEDED,
    MALFORMED_RESPONSE,
    BODY_TOO_LARGE,
    DECOMPRESSION_FAILED,
    TOO_MANY_REDIRECTS,
    /**
     * A redirect to be followed leads to a URL bulkfetch never fetches: a scheme other than http and https
     * ({@code file:}, {@code ftp:}...), credentials, or no valid URL at all. The 3xx is the record's status.
     */
    REDIRECT_REFUSED,
    /**
     * With {@code --robots}: the site's robots.txt does not let bulkfetch fetch this URL (or could not be
     * read for a server error or an unreachable host, which RFC 9309 reads as disallow all). Nothing was sent.
     */
    ROBOTS_DISALLOWED,
    /** The run stopped (interrupt, run deadline) before this target finished. */
    CANCELLED,
    /** A local resource ran out or a failure that fits no other kind; the message says which. */
    INTERNAL
}
