package dev.bulkfetch.testbed;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deterministic content of the HTTP testbed: the payload every content path serves, and the decoded
 * body each path must yield, so a test can compare hashes without trusting any HTTP client.
 *
 * <p>Paths without a complete decoded body throw {@link IllegalArgumentException} from
 * {@link #expectedBody(String)}: {@code /reset/N} and {@code /close/N} deliver {@code body(N)} and then fail,
 * {@code /gzip-bomb/N} decodes to N zero bytes, {@code /hang} and {@code /endless-chunked} never finish, and
 * {@code /bad-chunk-size/K}, {@code /negative-length}, {@code /overflow-length}, {@code /conflicting-length/K/N}
 * and {@code /no-read} never send a body a client may accept. {@code /length-and-chunked/N} decodes to
 * {@code body(N)} by its chunks, {@code /duplicate-length/K/N} to {@code body(N)} under its repeated length, and
 * {@code /reply-ahead/N} to {@code body(N)} before the response nobody asked for.
 * A redirect path yields its own short body; {@code expectedBody("/redirect/0")} is the end of any chain.
 * The bodies of {@code /page/...} and of the paths that fail first depend on the host name as well:
 * {@link #pageBody(String, String)} computes them; {@code /robots.txt} and {@code /robots-hop/K} depend on it
 * too and have no expected body here.
 */
public final class HttpTestbedContent {
    /**
     * The payload pattern repeats with this period: {@code i*7 mod 26} repeats every 26 bytes and
     * {@code i/251 mod 26} every 251*26, so one table serves any offset, even of an endless body.
     */
    private static final int PERIOD = 251 * 26;
    private static final byte[] PATTERN = patternTable();

    private HttpTestbedContent() {
    }

    /** The deterministic payload of {@code n} bytes: printable, compressible, and never one repeated byte. */
    public static byte[] body(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative body length " + n);
        }
        byte[] bytes = new byte[n];
        copyPattern(0, bytes, 0, n);
        return bytes;
    }

    /** The lowercase hex SHA-256 of {@code bytes}, the form results and tests compare. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /**
     * The decoded body a GET of {@code path} must yield (the body after de-chunking and content decoding).
     *
     * @throws IllegalArgumentException if the path is unknown, malformed, or has no complete body
     */
    public static byte[] expectedBody(String path) {
        return payload(HttpTestbedRoute.parse(path)).toByteArray();
    }

    /**
     * The body of {@code /page/...} for a host, which is also what {@code /fail-first}, {@code /retry-after}
     * and {@code /reset-first} paths serve once their failures are over: three short lines naming the host
     * (lower-cased, port dropped) and the path (query dropped).
     *
     * <pre>{@code
     * bulkfetch testbed page
     * host: www.example.test
     * path: /page/a/b
     * }</pre>
     */
    public static byte[] pageBody(String host, String path) {
        return ascii("bulkfetch testbed page\nhost: " + HttpTestbedRequest.hostName(host) + "\npath: "
                + HttpTestbedRoute.withoutQuery(path) + "\n");
    }

    /** The decoded body of a route, shared by {@link #expectedBody} and the planners so the two cannot drift. */
    static HttpTestbedPayload payload(HttpTestbedRoute route) {
        long first = route.first();
        return switch (route.endpoint()) {
            case BYTES, CHUNKED, CHUNKED_EXT, GZIP, X_GZIP, DEFLATE, DEFLATE_RAW, GZIP_CHUNKED, DEFLATE_CHUNKED,
                    GZIP_MULTI, TRICKLE, INTERIM, CLOSE_DELIMITED, HTTP10, BARE_LF, LENGTH_AND_CHUNKED, REPLY_AHEAD ->
                    HttpTestbedPayload.pattern(first);
            case DELAY, DUPLICATE_LENGTH -> HttpTestbedPayload.pattern(route.second());
            case STATUS -> HttpTestbedPayload.text(hasNoStatusBody((int) first) ? "" : "status " + first + "\n");
            case REDIRECT, REDIRECT_ABS -> HttpTestbedPayload.text(first == 0 ? "redirect done\n" : "redirect " + first + "\n");
            case HUGE_HEADERS, MANY_HEADERS -> HttpTestbedPayload.text("ok\n");
            case RESET, CLOSE, HANG, GZIP_BOMB, ENDLESS_CHUNKED, BAD_CHUNK_SIZE, NEGATIVE_LENGTH, OVERFLOW_LENGTH,
                    CONFLICTING_LENGTH, NO_READ -> throw new IllegalArgumentException(
                    "/" + route.endpoint().segment() + " has no complete decoded body");
            case ROBOTS, ROBOTS_HOP, PAGE, FAIL_FIRST, RETRY_AFTER, RESET_FIRST, GO_TO -> throw new IllegalArgumentException(
                    "/" + route.endpoint().segment() + " depends on the host name; see pageBody(host, path)");
        };
    }

    /** 204 and 304 must not carry content (RFC 9110 sections 15.3.5 and 15.4.5). */
    static boolean hasNoStatusBody(int status) {
        return status == 204 || status == 304;
    }

    /** Copies the payload bytes {@code [offset, offset + length)} into {@code dst} at {@code at}. */
    static void copyPattern(long offset, byte[] dst, int at, int length) {
        int from = (int) (offset % PERIOD);
        while (length > 0) {
            int n = Math.min(length, PERIOD - from);
            System.arraycopy(PATTERN, from, dst, at, n);
            at += n;
            length -= n;
            from = 0;
        }
    }

    /** Appends the payload bytes {@code [offset, offset + length)} to {@code dst}. */
    static void writePattern(long offset, ByteBuf dst, int length) {
        int from = (int) (offset % PERIOD);
        while (length > 0) {
            int n = Math.min(length, PERIOD - from);
            dst.writeBytes(PATTERN, from, n);
            length -= n;
            from = 0;
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    private static byte[] patternTable() {
        byte[] table = new byte[PERIOD];
        for (int i = 0; i < PERIOD; i++) {
            table[i] = (byte) ('a' + (i * 7 + i / 251) % 26);
        }
        return table;
    }
}
