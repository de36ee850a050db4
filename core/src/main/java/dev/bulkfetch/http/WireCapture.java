package dev.bulkfetch.http;

import java.time.Instant;

/**
 * One exchange as it crossed the wire, for archiving (WARC request and response records): the request bytes
 * written and the response bytes read, before de-chunking and content decoding. Made only when the engine
 * captures ({@link HttpEngineConfig#captureWire()}).
 *
 * @param url       the URL requested
 * @param ip        the address of the peer, as text
 * @param date      when the request was written
 * @param request   the request bytes
 * @param response  the response bytes (interim 1xx responses included), at most the capture's cap
 * @param truncated the response outgrew the cap: {@code response} holds its first bytes only
 */
public record WireCapture(String url, String ip, Instant date, byte[] request, byte[] response, boolean truncated) {

    /** Whether the request was HEAD: its response has a head and no payload, whatever its Content-Length says. */
    public boolean headRequest() {
        return request.length >= 5 && request[0] == 'H' && request[1] == 'E' && request[2] == 'A' && request[3] == 'D'
                && request[4] == ' ';
    }
}
