package dev.bulkfetch.http;

import dev.bulkfetch.dns.IpLiteral;
import dev.bulkfetch.dns.Ipv6Text;

import java.net.IDN;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An absolute http or https URL, validated and normalized for sending: a lower-case scheme, an ASCII
 * host (IDN names in punycode, IPv6 without brackets), the port, and the request-target with dot
 * segments removed and the characters a server may refuse percent-encoded.
 *
 * <p>Parsing is done here rather than with {@link java.net.URI}: input lists hold URLs with spaces
 * and non-ASCII paths that {@code URI} refuses, while it accepts things we must not send
 * (credentials, zone ids, registry-based authorities). No name is ever looked up: an IP literal is
 * recognised by {@link IpLiteral}, and every other host stays a name for the resolver.
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
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /**
     * ASCII characters that RFC 3986 allows in neither a path nor a query (besides {@code %} and
     * controls): they are percent-encoded. Reserved characters ({@code [ ] @ ; = ...}) stay as they
     * are, since encoding a reserved character may change what the server reads.
     */
    private static final String ENCODED_ASCII = " \"<>\\^`{|}";

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
        return parse(text, null);
    }

    /** {@link #parse(String)}, reusing the host part of URLs whose authority is in recent (null: none). */
    static HttpUrl parse(String text, Map<String, HttpUrl> recent) {
        if (text == null) {
            throw new IllegalArgumentException("empty URL");
        }
        String s = checkText(text);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty URL");
        }
        int colon = schemeEnd(s);
        if (colon > 0) {
            String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
            if (scheme.equals("http") || scheme.equals("https")) {
                if (!s.startsWith("//", colon + 1)) {
                    throw new IllegalArgumentException("expected '//' after '" + scheme + ":'");
                }
                return fromAuthority(scheme, s, colon + 3, recent);
            }
            if (!isPortThenPath(s, colon + 1)) {
                throw new IllegalArgumentException("unsupported scheme '" + scheme + "'");
            }
            // "localhost:8080/x" reads like a scheme but is a bare host with a port
        }
        if (s.startsWith("/")) {
            throw new IllegalArgumentException("no host: not an absolute URL");
        }
        // A bare host (example.com/x) is taken as http://, the way lists of sites are often written.
        return fromAuthority("http", s, 0, recent);
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
        if (location == null) {
            throw new IllegalArgumentException("empty location");
        }
        String s = checkText(location);
        int colon = schemeEnd(s);
        if (colon > 0) {
            String refScheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!refScheme.equals("http") && !refScheme.equals("https")) {
                throw new IllegalArgumentException("unsupported scheme '" + refScheme + "'");
            }
            if (s.startsWith("//", colon + 1)) {
                return fromAuthority(refScheme, s, colon + 3, null);
            }
            if (!refScheme.equals(scheme)) {
                throw new IllegalArgumentException("expected '//' after '" + refScheme + ":'");
            }
            s = s.substring(colon + 1);
        }
        if (s.startsWith("//")) {
            return fromAuthority(scheme, s, 2, null);
        }
        int end = s.indexOf('#');
        if (end < 0) {
            end = s.length();
        }
        int q = s.indexOf('?');
        if (q < 0 || q > end) {
            q = end;
        }
        String refPath = s.substring(0, q);
        String refQuery = s.substring(q, end); // "" or starting with '?'
        int baseQ = target.indexOf('?');
        String basePath = baseQ < 0 ? target : target.substring(0, baseQ);
        String path;
        String query = refQuery;
        if (refPath.isEmpty()) {
            path = basePath;
            if (q == end) {
                query = baseQ < 0 ? "" : target.substring(baseQ);
            }
        } else if (refPath.startsWith("/")) {
            path = removeDotSegments(refPath);
        } else {
            // merge (5.2.3): our path is never empty, so the reference replaces its last segment
            path = removeDotSegments(basePath.substring(0, basePath.lastIndexOf('/') + 1) + refPath);
        }
        return new HttpUrl(scheme, host, port, encode(path, query), address);
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

    /** Strips surrounding whitespace and refuses what can never be sent. */
    private static String checkText(String text) {
        String s = text.strip();
        if (s.length() > MAX_LENGTH || utf8Length(s) > MAX_LENGTH) {
            throw new IllegalArgumentException("URL longer than " + MAX_LENGTH + " bytes");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                // a CR or LF here would split the request line: never pass one through
                throw new IllegalArgumentException(String.format("URL holds a control character (0x%02X)", (int) c));
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException("URL holds an unpaired surrogate (not valid Unicode)");
                }
            }
        }
        return s;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a pair counts 4
        }
        return n;
    }

    /** The index of the ':' ending an RFC 3986 scheme at the start of s, or -1. */
    private static int schemeEnd(String s) {
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    /** True when s at from holds one or more digits up to its end or a '/', '?' or '#': a port. */
    private static boolean isPortThenPath(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > from && (i == s.length() || "/?#".indexOf(s.charAt(i)) >= 0);
    }

    /** Parses {@code authority [path] [?query] [#fragment]} starting at from. */
    private static HttpUrl fromAuthority(String scheme, String s, int from, Map<String, HttpUrl> recent) {
        int end = from;
        while (end < s.length() && "/?#".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        HttpUrl url;
        if (recent == null) {
            url = fromAuthority(scheme, s, from, end);
        } else {
            // what precedes the path (scheme as written and authority) decides the host part alone
            String key = s.substring(0, end);
            HttpUrl known = recent.get(key);
            if (known != null) {
                url = new HttpUrl(known, target(s, end));
            } else {
                url = fromAuthority(scheme, s, from, end);
                recent.put(key, url);
            }
        }
        url.keepTextIfSame(s);
        return url;
    }

    private static HttpUrl fromAuthority(String scheme, String s, int from, int end) {
        String authority = s.substring(from, end);
        if (authority.indexOf('@') >= 0) {
            // Security: a list must not make us send someone's credentials; the message does not repeat them.
            throw new IllegalArgumentException("URL holds credentials (user@host): credentials in URLs are never sent");
        }
        String host;
        byte[] address = null;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("IPv6 address without its closing ']'");
            }
            String literal = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw new IllegalArgumentException("unexpected text after the IPv6 address: '" + after + "'");
                }
                portText = after.substring(1);
            }
            if (literal.indexOf('%') >= 0) {
                // a zone id names an interface of this machine, meaningless in a URL list
                throw new IllegalArgumentException("IPv6 zone ids (%...) are not supported");
            }
            address = IpLiteral.parse(literal);
            if (address == null || address.length != 16) {
                throw new IllegalArgumentException("'[" + literal + "]' is not an IPv6 address");
            }
            host = Ipv6Text.format(address);
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("an IPv6 address must be written in brackets, as http://[2001:db8::1]/");
            }
            String name = hostName(colon < 0 ? authority : authority.substring(0, colon));
            portText = colon < 0 ? null : authority.substring(colon + 1);
            String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            String last = bare.substring(bare.lastIndexOf('.') + 1);
            if (isNumericLabel(last)) {
                // No top-level domain is numeric: such a host is an address, or a typo that a resolver
                // would be asked about for nothing (999.1.1.1, and 127.1 that some parsers expand).
                address = IpLiteral.parse(bare);
                if (address == null) {
                    throw new IllegalArgumentException("host '" + name + "' ends in a number but is not an IPv4 address");
                }
                name = bare;
            }
            host = name;
        }
        int port = portText == null || portText.isEmpty() ? defaultPort(scheme) : port(portText);
        return new HttpUrl(scheme, host, port, target(s, end), address);
    }

    /** Validates a host name and converts it to lower-case ASCII (IDN to punycode). */
    private static String hostName(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("URL has no host");
        }
        boolean ascii = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                ascii = false;
            } else if (!isHostChar(c)) {
                throw illegalHostChar(c, "");
            }
        }
        String name = text;
        if (!ascii) {
            try {
                // IDN names go out as punycode (RFC 3492), the only form DNS and the Host header carry
                name = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("host is not a valid internationalized name: " + e.getMessage());
            }
            for (int i = 0; i < name.length(); i++) {
                // nameprep maps some characters to ASCII ones (fullwidth '／' to '/'): check again
                if (!isHostChar(name.charAt(i))) {
                    throw illegalHostChar(name.charAt(i), " after IDN conversion");
                }
            }
        }
        name = name.toLowerCase(Locale.ROOT);
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (bare.isEmpty()) {
            throw new IllegalArgumentException("URL has no host");
        }
        if (bare.length() > MAX_NAME) {
            throw new IllegalArgumentException("host name longer than " + MAX_NAME + " characters");
        }
        int start = 0;
        for (int i = 0; i <= bare.length(); i++) {
            if (i == bare.length() || bare.charAt(i) == '.') {
                if (i == start) {
                    throw new IllegalArgumentException("host name has an empty label");
                }
                if (i - start > MAX_LABEL) {
                    throw new IllegalArgumentException("host name has a label longer than " + MAX_LABEL + " characters");
                }
                start = i + 1;
            }
        }
        return name;
    }

    private static IllegalArgumentException illegalHostChar(char c, String where) {
        if (c == ' ') {
            return new IllegalArgumentException("host holds a space" + where);
        }
        if (c == '%') {
            return new IllegalArgumentException("host holds '%'" + where + ": percent-encoded hosts are not supported");
        }
        return new IllegalArgumentException("host holds an illegal character '" + c + "'" + where);
    }

    /** Letters, digits, '-', '.', and '_' (not in host names, but real in service and CDN names). */
    private static boolean isHostChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** All digits, or 0x and hex digits: the forms an IPv4 parser could take for a number. */
    private static boolean isNumericLabel(String label) {
        if (label.isEmpty()) {
            return false;
        }
        int from = label.length() > 1 && (label.startsWith("0x") || label.startsWith("0X")) ? 2 : 0;
        for (int i = from; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean digit = from == 2 ? isHexDigit(c) : c >= '0' && c <= '9';
            if (!digit) {
                return false;
            }
        }
        return true;
    }

    private static int port(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("port '" + text + "' is not a number");
            }
        }
        int port = text.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + text + " is out of range 1-65535");
        }
        return port;
    }

    /**
     * Lets {@link #toString} hand out the text this URL was parsed from when it reads the same, as
     * nearly every URL of a list does: its result record then costs no new string.
     */
    private void keepTextIfSame(String parsed) {
        if (parsed.length() == origin.length() + target.length() && parsed.startsWith(origin)
                && parsed.startsWith(target, origin.length())) {
            text = parsed;
        }
    }

    /** The request-target from the path (at from) to the fragment, dot segments removed, encoded. */
    private static String target(String s, int from) {
        int end = s.indexOf('#', from);
        if (end < 0) {
            end = s.length();
        }
        if (isSendableAsWritten(s, from, end)) {
            return from + 1 == end ? "/" : s.substring(from, end);
        }
        return rewrittenTarget(s, from, end);
    }

    /**
     * A path and query that {@link #rewrittenTarget} would give back unchanged: an absolute path with no
     * dot segment, nothing to percent-encode and every '%' already an escape. Most URLs are; they skip
     * the rewrite's builders.
     */
    static boolean isSendableAsWritten(String s, int from, int end) {
        if (from >= end || s.charAt(from) != '/') {
            return false;
        }
        char prev = 0;
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || ENCODED_ASCII.indexOf(c) >= 0 || (c == '.' && prev == '/')) {
                return false;
            }
            if (c == '%' && !(i + 2 < end && isHexDigit(s.charAt(i + 1)) && isHexDigit(s.charAt(i + 2)))) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    /** {@link #target} the long way: dot segments removed, then percent-encoded. */
    static String rewrittenTarget(String s, int from, int end) {
        int q = s.indexOf('?', from);
        if (q < 0 || q > end) {
            q = end;
        }
        String path = q == from ? "/" : removeDotSegments(s.substring(from, q));
        return encode(path, s.substring(q, end));
    }

    /**
     * remove_dot_segments of RFC 3986 section 5.2.4: applied to parsed URLs too (section 5.2.2 does so
     * for absolute references), so a URL and a redirect to the same URL give the same target.
     */
    static String removeDotSegments(String in) {
        StringBuilder out = new StringBuilder(in.length());
        int n = in.length();
        int i = 0;
        while (i < n) {
            if (in.startsWith("../", i)) {
                i += 3;
            } else if (in.startsWith("./", i)) {
                i += 2;
            } else if (in.startsWith("/./", i)) {
                i += 2; // leaves the '/' as the start of the input
            } else if (i + 2 == n && in.startsWith("/.", i)) {
                out.append('/');
                i = n;
            } else if (in.startsWith("/../", i)) {
                i += 3;
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
            } else if (i + 3 == n && in.startsWith("/..", i)) {
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
                out.append('/');
                i = n;
            } else if ((i + 1 == n && in.charAt(i) == '.') || (i + 2 == n && in.startsWith("..", i))) {
                i = n;
            } else {
                int next = in.indexOf('/', i + 1);
                if (next < 0) {
                    next = n;
                }
                out.append(in, i, next);
                i = next;
            }
        }
        return out.toString();
    }

    /**
     * Path and query with spaces, non-ASCII (as UTF-8) and the other characters RFC 3986 does not
     * allow percent-encoded; an existing {@code %XX} is kept, a stray {@code %} becomes {@code %25}.
     * Encoding encoded text changes nothing, so a base target can go through again on resolve.
     */
    private static String encode(String path, String query) {
        StringBuilder out = new StringBuilder(path.length() + query.length() + 16);
        encodeInto(out, path);
        encodeInto(out, query);
        return out.toString();
    }

    private static void encodeInto(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 < s.length() && isHexDigit(s.charAt(i + 1)) && isHexDigit(s.charAt(i + 2))) {
                    out.append(s, i, i + 3);
                    i += 2;
                } else {
                    percent(out, '%');
                }
            } else if (c < 0x80) {
                if (ENCODED_ASCII.indexOf(c) >= 0) {
                    percent(out, c);
                } else {
                    out.append(c);
                }
            } else {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp) - 1;
                if (cp < 0x800) {
                    percent(out, 0xC0 | cp >> 6);
                    percent(out, 0x80 | cp & 0x3F);
                } else if (cp < 0x10000) {
                    percent(out, 0xE0 | cp >> 12);
                    percent(out, 0x80 | cp >> 6 & 0x3F);
                    percent(out, 0x80 | cp & 0x3F);
                } else {
                    percent(out, 0xF0 | cp >> 18);
                    percent(out, 0x80 | cp >> 12 & 0x3F);
                    percent(out, 0x80 | cp >> 6 & 0x3F);
                    percent(out, 0x80 | cp & 0x3F);
                }
            }
        }
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static void percent(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4 & 0xF]).append(HEX[b & 0xF]);
    }
}
