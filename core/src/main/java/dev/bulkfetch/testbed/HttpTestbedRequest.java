package dev.bulkfetch.testbed;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The parts of a request that shape the testbed's answer: whether it is HEAD, the path, whether the client
 * keeps the connection, and the server's own origin ({@code http://127.0.0.1:PORT}) for absolute redirects.
 * Every method other than HEAD is answered like GET.
 */
record HttpTestbedRequest(boolean head, String path, boolean keepAlive, String origin) {

    static HttpTestbedRequest from(HttpRequest request, String origin) {
        return new HttpTestbedRequest(HttpMethod.HEAD.equals(request.method()), pathOf(request.uri()),
                HttpUtil.isKeepAlive(request), origin);
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
}
