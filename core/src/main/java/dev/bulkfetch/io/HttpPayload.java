package dev.bulkfetch.io;

import java.nio.charset.StandardCharsets;

/**
 * The payload of an HTTP response recorded as it came off the wire, as WARC 1.1 defines it for
 * WARC-Payload-Digest: the entity body with its transfer coding removed (de-chunked) and its content coding
 * kept (still gzip or deflate). Interim 1xx responses before the final one are skipped, and a response to HEAD,
 * a 204 or a 304 has none.
 *
 * <p>Only responses the engine read in full are given here, so the framing was valid by the decoder's rules,
 * which this parser follows where they are lenient: header lines and chunk delimiters may end with a bare LF,
 * chunk extensions (with or without a value) are skipped, and trailers are not payload.
 */
final class HttpPayload {
    /** Receives the payload in slices of the recorded bytes; {@code MessageDigest::update} is one. */
    interface Slices {
        void accept(byte[] bytes, int offset, int length);
    }

    private HttpPayload() {
    }

    /** Hands the payload of {@code response} to {@code out}, in order. */
    static void payload(byte[] response, boolean headRequest, Slices out) {
        int pos = 0;
        Head head;
        do {
            head = Head.read(response, pos);
            pos = head.end();
        } while (head.status() >= 100 && head.status() < 200 && head.status() != 101 && pos < response.length);
        if (headRequest || head.status() < 200 || head.status() == 204 || head.status() == 304) {
            return;
        }
        if (!head.chunked()) {
            // the recording holds this response's bytes only: what follows the head is its body, whether
            // Content-Length or the close of the connection ended it
            out.accept(response, pos, response.length - pos);
            return;
        }
        while (pos < response.length) {
            int lineEnd = lineEnd(response, pos);
            long size = chunkSize(response, pos, lineEnd);
            pos = lineEnd + 1;
            if (size <= 0) {
                return; // the last chunk; trailers follow
            }
            int n = (int) Math.min(size, response.length - pos);
            out.accept(response, pos, n);
            pos = lineEnd(response, pos + n) + 1;
        }
    }

    /** Index of the LF ending the line that starts at {@code from}, or the end of the bytes. */
    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return b.length;
    }

    /** The hex size at the start of a chunk-size line, up to an extension, white space or the line end. */
    private static long chunkSize(byte[] b, int from, int to) {
        long size = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(b[i], 16);
            if (digit < 0) {
                break;
            }
            size = size * 16 + digit;
        }
        return size;
    }

    /** What the payload depends on in one response head, and where the head ends. */
    private record Head(int status, boolean chunked, int end) {
        static Head read(byte[] b, int from) {
            int lineEnd = lineEnd(b, from);
            int status = status(b, from, lineEnd);
            boolean chunked = false;
            int pos = lineEnd + 1;
            while (pos < b.length) {
                int end = lineEnd(b, pos);
                int textEnd = end > pos && b[end - 1] == '\r' ? end - 1 : end;
                if (textEnd == pos) {
                    return new Head(status, chunked, Math.min(b.length, end + 1));
                }
                String line = new String(b, pos, textEnd - pos, StandardCharsets.ISO_8859_1);
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Transfer-Encoding")) {
                    chunked |= namesChunked(line.substring(colon + 1));
                }
                pos = end + 1;
            }
            return new Head(status, chunked, b.length);
        }

        private static int status(byte[] b, int from, int to) {
            int i = from;
            while (i < to && b[i] != ' ') {
                i++;
            }
            int status = 0;
            for (int j = i + 1; j < Math.min(to, i + 4); j++) {
                status = status * 10 + Character.digit(b[j], 10);
            }
            return status;
        }

        /** As Netty's decoder decides: any coding named chunked makes the body chunked. */
        private static boolean namesChunked(String value) {
            for (String coding : value.split(",")) {
                if (coding.trim().equalsIgnoreCase("chunked")) {
                    return true;
                }
            }
            return false;
        }
    }
}
