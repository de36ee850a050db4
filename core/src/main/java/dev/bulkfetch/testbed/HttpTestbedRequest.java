package dev.bulkfetch.testbed;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Locale;

/**
 * The parts of a request that shape the testbed's answer: whether it is HEAD, the path, whether the client
 * keeps the connection, the server's own origin ({@code http://127.0.0.1:PORT}) for absolute redirects, and
 * the host name the client asked for, which picks the virtual host (robots.txt, page bodies).
 * Every method other than HEAD is answered like GET.
 */
record HttpTestbedRequest(boolean head, String path, boolean keepAlive, String origin, String host) {

    /**
     * @param localHost the address the connection arrived on, the host name of a request that names none
     */
    static HttpTestbedRequest from(HttpRequest request, String origin, String localHost) {
        String target = request.uri();
        String authority = request.headers().get(HttpHeaderNames.HOST);
        if (authority == null || authority.isBlank()) {
            authority = authorityOf(target);
        }
        String host = authority == null || authority.isBlank() ? localHost : hostName(authority);
        return new HttpTestbedRequest(HttpMethod.HEAD.equals(request.method()), pathOf(target),
                HttpUtil.isKeepAlive(request), origin, host);
    }

    /**
     * The host name of a Host header or authority: lower-cased, without port or userinfo; an IPv6 literal
     * keeps its brackets.
     */
    static String hostName(String authority) {
        String host = authority.trim();
        int at = host.lastIndexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1);
        }
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close < 0 ? host : host.substring(0, close + 1);
        } else {
            int colon = host.indexOf(':');
            host = colon < 0 ? host : host.substring(0, colon);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** The path of an origin-form target, or of an absolute-form one as a proxy-style client sends it. */
    private static String pathOf(String target) {
        int scheme = target.indexOf("://");
        if (scheme < 0 || target.startsWith("/")) {
            return target;
        }
        int path = target.indexOf('/', scheme + 3);
        return path < 0 ? "/" : target.substring(path);
    }

    /** The authority of an absolute-form target, or null for any other form. */
    private static String authorityOf(String target) {
        int scheme = target.indexOf("://");
        if (scheme < 0 || target.startsWith("/")) {
            return null;
        }
        int path = target.indexOf('/', scheme + 3);
        return target.substring(scheme + 3, path < 0 ? target.length() : path);
    }
}
