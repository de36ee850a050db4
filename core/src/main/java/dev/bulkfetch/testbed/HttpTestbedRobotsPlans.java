package dev.bulkfetch.testbed;

import java.math.BigDecimal;

/**
 * Plans for {@code /robots.txt}, which depends on the host name the client asked for (see
 * {@link HttpTestbedRobotsHost} for the variants), and for {@code /robots-hop/K}, the redirect chain of a
 * {@code robots-redirect-K} host: each hop sends the client to {@code /robots-hop/K-1}, and hop 0 serves the
 * default rules.
 */
final class HttpTestbedRobotsPlans {
    /** RFC 9309 section 2.5: a crawler must parse at least this many bytes of robots.txt and may ignore the rest. */
    static final int PARSE_LIMIT = 512_000;
    /** The size {@code robots-big} hosts serve: well past the parse limit. */
    private static final int BIG_SIZE = 600 * 1024;
    private static final String DENY = "User-agent: *\nDisallow: /\n";
    private static final String AGENT =
            "User-agent: bulkfetch\nDisallow: /blocked-for-bulkfetch/\n\nUser-agent: *\nDisallow: /\n";

    private HttpTestbedRobotsPlans() {
    }

    static HttpTestbedPlan plan(HttpTestbedRoute route, HttpTestbedRequest request) {
        return switch (route.endpoint()) {
            case ROBOTS -> robots(HttpTestbedRobotsHost.of(request.host()), request);
            case ROBOTS_HOP -> route.first() == 0
                    ? rules(request, defaultRules(request.host()))
                    : hop(request, route.first() - 1);
            default -> throw new IllegalArgumentException("not a robots path: " + route);
        };
    }

    /** The rules every host without a robots keyword serves. */
    static String defaultRules(String host) {
        return "# robots.txt for " + host + "\nUser-agent: *\nDisallow: /private/\nAllow: /private/open/\n"
                + "Disallow: /*.secret$\n";
    }

    private static HttpTestbedPlan robots(HttpTestbedRobotsHost variant, HttpTestbedRequest request) {
        String host = request.host();
        return switch (variant.kind()) {
            case NONE -> status(request, 404, "no robots.txt on " + host + "\n");
            case FORBIDDEN -> status(request, 403, "robots.txt of " + host + " is forbidden\n");
            case ERROR -> status(request, 503, "robots.txt of " + host + " is unavailable\n");
            case DENY -> rules(request, DENY);
            case AGENT -> rules(request, AGENT);
            case DELAY -> rules(request, defaultRules(host) + "Crawl-delay: " + seconds(variant.number()) + "\n");
            case REDIRECT -> hop(request, variant.number() - 1);
            case BIG -> HttpTestbedPlanner.fixedLength(request,
                    HttpTestbedHead.status(200).header("Content-Type", HttpTestbedPlanner.TEXT),
                    HttpTestbedPayload.bytes(Big.RULES));
            case HANG -> HttpTestbedPlan.hang();
            case DEFAULT -> rules(request, defaultRules(host));
        };
    }

    /** Milliseconds as a decimal number of seconds without trailing zeros: 250 as {@code 0.25}, 2000 as 2. */
    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private static HttpTestbedPlan hop(HttpTestbedRequest request, long next) {
        return HttpTestbedPlanner.text(request, HttpTestbedHead.status(302).header("Location", "/robots-hop/" + next),
                "robots.txt moved to /robots-hop/" + next + "\n");
    }

    private static HttpTestbedPlan rules(HttpTestbedRequest request, String body) {
        return status(request, 200, body);
    }

    private static HttpTestbedPlan status(HttpTestbedRequest request, int code, String body) {
        return HttpTestbedPlanner.text(request, HttpTestbedHead.status(code), body);
    }

    /** The rules of {@code robots-big} hosts, built on first use only. */
    static final class Big {
        static final byte[] RULES = HttpTestbedContent.ascii(build());

        private Big() {
        }

        private static String build() {
            String last = "Disallow: /after-cap/\n";
            StringBuilder rules = new StringBuilder(BIG_SIZE).append("User-agent: *\nDisallow: /before-cap/\n");
            for (int line = 0; rules.length() + last.length() < BIG_SIZE; line++) {
                rules.append(String.format("# padding %06d: comment lines push the next rule past %d bytes\n",
                        line, PARSE_LIMIT));
            }
            return rules.append(last).toString();
        }
    }
}
