package dev.bulkfetch.http;

import dev.bulkfetch.dns.IpLiteral;
import dev.bulkfetch.dns.Ipv6Text;

import java.util.Locale;
import java.util.Map;

/**
 * Reads an absolute http or https URL as written in an input list or a Location header into an {@link HttpUrl}.
 *
 * <p>Parsing is done here rather than with {@link java.net.URI}: input lists hold URLs with spaces
 * and non-ASCII paths that {@code URI} refuses, while it accepts things we must not send
 * (credentials, zone ids, registry-based authorities). No name is ever looked up: an IP literal is
 * recognised by {@link IpLiteral}, and every other host stays a name for the resolver.
 */
final class HttpUrlParser {
    private HttpUrlParser() {
    }

    /** {@link HttpUrl#parse(String)}, reusing the host part of URLs whose authority is in recent (null: none). */
    static HttpUrl parse(String text, Map<String, HttpUrl> recent) {
        if (text == null) {
            throw new IllegalArgumentException("empty URL");
        }
        String s = UrlText.check(text);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty URL");
        }
        int colon = UrlText.schemeEnd(s);
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

    /** True when s at from holds one or more digits up to its end or a '/', '?' or '#': a port. */
    private static boolean isPortThenPath(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > from && (i == s.length() || "/?#".indexOf(s.charAt(i)) >= 0);
    }

    /** Parses {@code authority [path] [?query] [#fragment]} starting at from. */
    static HttpUrl fromAuthority(String scheme, String s, int from, Map<String, HttpUrl> recent) {
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
                url = known.withTarget(RequestTarget.of(s, end));
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
            address = ipv6(literal);
            host = Ipv6Text.format(address);
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("an IPv6 address must be written in brackets, as http://[2001:db8::1]/");
            }
            String name = HostNames.ascii(colon < 0 ? authority : authority.substring(0, colon));
            portText = colon < 0 ? null : authority.substring(colon + 1);
            String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            String last = bare.substring(bare.lastIndexOf('.') + 1);
            if (HostNames.isNumericLabel(last)) {
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
        int port = portText == null || portText.isEmpty() ? HttpUrl.defaultPort(scheme) : port(portText);
        return new HttpUrl(scheme, host, port, RequestTarget.of(s, end), address);
    }

    private static byte[] ipv6(String literal) {
        if (literal.indexOf('%') >= 0) {
            // a zone id names an interface of this machine, meaningless in a URL list
            throw new IllegalArgumentException("IPv6 zone ids (%...) are not supported");
        }
        byte[] address = IpLiteral.parse(literal);
        if (address == null || address.length != 16) {
            throw new IllegalArgumentException("'[" + literal + "]' is not an IPv6 address");
        }
        return address;
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
}
