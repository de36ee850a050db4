package dev.bulkfetch.http;

import java.util.Arrays;
import java.util.Objects;

/**
 * An absolute http or https URL, validated and normalized for sending: a lower-case scheme, an ASCII
 * host (IDN names in punycode, IPv6 without brackets), the port, and the request-target with dot
 * segments removed and the characters a server may refuse percent-encoded. {@link HttpUrlParser} reads
 * one from text, {@link RelativeUrls} resolves a reference against one.
 *
 * <p>Examples: {@code example.com/x} is read as {@code http://example.com/x} (lists of sites are
 * often written without a scheme); {@code HTTP://Bücher.Example:80/a b?q=ü#top} becomes scheme
 * {@code http}, host {@code xn--bcher-kva.example}, port 80, target {@code /a%20b?q=%C3%BC}.
 *
 * <p>Components: scheme ({@code http} or {@code https}),
 * host (the ASCII host, lower case; an IPv6 address in RFC 5952 form, without brackets
 * port (the explicit port or the default of the scheme (80, 443)
 * target (the request-target: path and {@code ?query}, never empty, no fragment
 * address (the 4 or 16 address bytes when the host is an IP literal, else null). A class rather
 * than a record so the Host header and origin, needed for every request, are built once.
 */
public final class HttpUrl {
    private final String scheme;
    private final String host;
    private final int port;
    private final String target;
    private final byte[] address;
    private final String hostHeader;
    private final String origin;
    private String text;

    /**
     * Longer input is refused, and so is a URL longer than this as sent (percent-encoding can triple
     * what the input held): no real URL is this long, and the request line must stay bounded.
     */
    public static final int MAX_LENGTH = 8 * 1024;

    public HttpUrl(String scheme, String host, int port, String target, byte[] address) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("unsupported scheme '" + scheme + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        if (address != null) {
            if (address.length != 4 && address.length != 16) {
                throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
            }
            // copied so equals and hashCode cannot change under a map
            address = address.clone();
        }
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.target = target;
        this.address = address;
        String h = address != null && address.length == 16 ? "[" + host + "]" : host;
        this.hostHeader = port == defaultPort(scheme) ? h : h + ":" + port;
        this.origin = scheme + "://" + hostHeader;
        requireSendable(origin, target);
    }

    /**
     * Checked on what is sent, not only on the input: 3000 'ü' are 6000 bytes of input but 18000
     * characters of request line, and a URL must parse back from its own text.
     */
    private static void requireSendable(String origin, String target) {
        if (origin.length() + target.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("URL longer than " + MAX_LENGTH + " bytes as sent (percent-encoded)");
        }
    }

    /** hostPart's host part (the very same strings, so their hashes are computed once) with another target. */
    private HttpUrl(HttpUrl hostPart, String target) {
        this.scheme = hostPart.scheme;
        this.host = hostPart.host;
        this.port = hostPart.port;
        this.address = hostPart.address; // never handed out: address() copies
        this.hostHeader = hostPart.hostHeader;
        this.origin = hostPart.origin;
        this.target = target;
        requireSendable(origin, target);
    }

    public String scheme() {
        return scheme;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String target() {
        return target;
    }

    /**
     * Parses one URL as written in an input list.
     *
     * @throws IllegalArgumentException with a message fit for an INVALID_INPUT record: unsupported
     *                                  scheme, credentials, bad host or port, control characters,
     *                                  more than {@value #MAX_LENGTH} bytes
     */
    public static HttpUrl parse(String text) {
        return HttpUrlParser.parse(text, null);
    }

    /** True for https (TLS). */
    public boolean https() {
        return scheme.equals("https");
    }

    /** The port a scheme implies when none is written. */
    public static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** The Host header: the host ({@code [v6]} in brackets) and {@code :port} unless the default. */
    public String hostHeader() {
        return hostHeader;
    }

    /** {@code scheme://hostHeader}: what a connection can be reused for, the key of the pool. */
    public String origin() {
        return origin;
    }

    /** True when the host is an IP literal (no lookup needed). */
    public boolean literal() {
        return address != null;
    }

    /** The address bytes of an IP-literal host (a copy), or null for a name. */
    public byte[] address() {
        return address == null ? null : address.clone();
    }

    /**
     * Resolves a reference against this URL (RFC 3986 section 5.2), as for a {@code Location} header:
     * absolute, scheme-relative ({@code //host/p}), absolute-path, relative path with dot segments,
     * query-only and fragment-only references. The result is validated like {@link #parse}; its
     * fragment is dropped.
     *
     * <p>{@code http:g} (this URL's own scheme without {@code //}) is read as the relative {@code g},
     * the backward-compatible choice section 5.4.2 allows and browsers make.
     *
     * @throws IllegalArgumentException for other schemes, credentials, bad hosts, ports or text
     */
    public HttpUrl resolve(String location) {
        return RelativeUrls.resolve(this, location);
    }

    /** This URL's host part (the very same strings, so their hashes are computed once) with another target. */
    HttpUrl withTarget(String otherTarget) {
        return new HttpUrl(this, otherTarget);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpUrl u && port == u.port && scheme.equals(u.scheme) && host.equals(u.host)
                && target.equals(u.target) && Arrays.equals(address, u.address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port, target, Arrays.hashCode(address));
    }

    /** {@code scheme://hostHeader} followed by the target: the URL as it is fetched. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = origin + target;
            text = t; // racy but idempotent: every thread computes the same string
        }
        return t;
    }

    /**
     * Lets {@link #toString} hand out the text this URL was parsed from when it reads the same, as
     * nearly every URL of a list does: its result record then costs no new string.
     */
    void keepTextIfSame(String parsed) {
        if (parsed.length() == origin.length() + target.length() && parsed.startsWith(origin)
                && parsed.startsWith(target, origin.length())) {
            text = parsed;
        }
    }
}
