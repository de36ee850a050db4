package dev.bulkfetch.testbed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Plans for cheap pages on any host and for pages that fail their first requests, so crawl tests can check
 * retries and back-off. The failures are counted per (host, path), where the path is the whole path without
 * its query ({@code /fail-first/2/503/a} and {@code /fail-first/2/503/b} count apart, and so do two hosts):
 * <ul>
 *   <li>{@code /page/...}: 200 with {@link HttpTestbedContent#pageBody(String, String)};</li>
 *   <li>{@code /fail-first/N/STATUS/...}: the first N requests get STATUS (400..599) with a short text, later
 *       ones the page;</li>
 *   <li>{@code /retry-after/N/STATUS/SPEC/...}: the same, and the failures carry {@code Retry-After}: SPEC as
 *       sent when it is delta-seconds, or for {@code date+S} the IMF-fixdate S seconds from now;</li>
 *   <li>{@code /reset-first/N/...}: the first N requests are answered by a TCP reset and not a byte more;</li>
 *   <li>{@code /go-to/LABEL/PATH}: 302 to {@code http://LABEL.bulkfetch.test:PORT/PATH} on this server, a
 *       redirect to another virtual host.</li>
 * </ul>
 */
final class HttpTestbedPagePlans {
    /** RFC 9110 section 5.6.7; Java's RFC_1123_DATE_TIME would write day 5 as "5", not "05". */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final String DATE_PREFIX = "date+";
    private static final HttpTestbedEndpoint.Bound DATE_SECONDS = new HttpTestbedEndpoint.Bound("S", 0, 1_000_000_000);

    private HttpTestbedPagePlans() {
    }

    static HttpTestbedPlan plan(HttpTestbedRoute route, HttpTestbedRequest request, HttpTestbedAttempts attempts) {
        return switch (route.endpoint()) {
            case PAGE -> page(route, request);
            case FAIL_FIRST -> failFirst(route, request, attempts, null);
            case RETRY_AFTER -> failFirst(route, request, attempts, retryAfterSpec(route.rest()));
            case RESET_FIRST -> attempts.next(request.host(), route.path()) <= route.first()
                    ? HttpTestbedPlan.reset()
                    : page(route, request);
            case GO_TO -> goTo(route, request);
            default -> throw new IllegalArgumentException("not a page path: " + route);
        };
    }

    private static HttpTestbedPlan page(HttpTestbedRoute route, HttpTestbedRequest request) {
        HttpTestbedHead head = HttpTestbedHead.status(200).header("Content-Type", HttpTestbedPlanner.TEXT);
        return HttpTestbedPlanner.fixedLength(request, head,
                HttpTestbedPayload.bytes(HttpTestbedContent.pageBody(request.host(), route.path())));
    }

    private static HttpTestbedPlan goTo(HttpTestbedRoute route, HttpTestbedRequest request) {
        String rest = route.rest();
        int slash = rest.indexOf('/');
        String label = slash < 0 ? rest : rest.substring(0, slash);
        if (label.isEmpty() || !label.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
            throw new HttpTestbedPathException(400, "LABEL must be a host label (letters, digits, '-'), got " + label);
        }
        String port = request.origin().substring(request.origin().lastIndexOf(':') + 1);
        String location = "http://" + label + "." + DnsTestbedZone.DEFAULT_ZONE + ":" + port + "/"
                + (slash < 0 ? "" : rest.substring(slash + 1));
        return HttpTestbedPlanner.text(request, HttpTestbedHead.status(302).header("Location", location),
                "see " + location + "\n");
    }

    /** @param retryAfter the SPEC of {@code /retry-after}, checked before anything is counted; null for none */
    private static HttpTestbedPlan failFirst(HttpTestbedRoute route, HttpTestbedRequest request,
                                             HttpTestbedAttempts attempts, String retryAfter) {
        long attempt = attempts.next(request.host(), route.path());
        long failures = route.first();
        if (attempt > failures) {
            return page(route, request);
        }
        int status = (int) route.second();
        HttpTestbedHead head = HttpTestbedHead.status(status);
        if (retryAfter != null) {
            head.header("Retry-After", retryAfterValue(retryAfter));
        }
        return HttpTestbedPlanner.text(request, head, "request " + attempt + " of the first " + failures
                + " fails with " + status + "\n");
    }

    /**
     * The SPEC segment at the start of {@code rest}.
     *
     * @throws HttpTestbedPathException (400) unless it is delta-seconds or {@code date+S}
     */
    private static String retryAfterSpec(String rest) {
        int slash = rest.indexOf('/');
        String spec = slash < 0 ? rest : rest.substring(0, slash);
        if (spec.startsWith(DATE_PREFIX)) {
            HttpTestbedRoute.number(spec.substring(DATE_PREFIX.length()), DATE_SECONDS);
            return spec;
        }
        if (!HttpTestbedRoute.isDigits(spec)) {
            throw new HttpTestbedPathException(400,
                    "SPEC must be delta-seconds (digits) or date+S (an HTTP date S seconds ahead), got " + spec);
        }
        return spec;
    }

    private static String retryAfterValue(String spec) {
        if (!spec.startsWith(DATE_PREFIX)) {
            return spec;
        }
        long seconds = Long.parseLong(spec.substring(DATE_PREFIX.length()));
        return IMF_FIXDATE.format(Instant.now().plusSeconds(seconds));
    }
}
