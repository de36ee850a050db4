package dev.bulkfetch.testbed;

/**
 * Which robots.txt a virtual host of the HTTP testbed serves, read from the first label of its host name:
 * {@code robots-none} 404, {@code robots-forbidden} 403, {@code robots-error} 503, {@code robots-deny} all
 * disallowed, {@code robots-agent} rules for bulkfetch only, {@code robots-delay-N} the default rules with a
 * Crawl-delay of N ms, {@code robots-redirect-K} K redirects before the default rules, {@code robots-big}
 * rules past 512000 bytes, {@code robots-hang} no answer; the label only has to start with the keyword
 * ({@code robots-deny-7.example} is {@code robots-deny}). Any other host gets the default rules.
 *
 * @param number N of {@code robots-delay-N}, K of {@code robots-redirect-K}, 0 for the others
 */
record HttpTestbedRobotsHost(Kind kind, long number) {
    /** Most redirects {@code robots-redirect-K} asks for. */
    static final int MAX_REDIRECTS = 10;
    /** Longest Crawl-delay {@code robots-delay-N} asks for, in milliseconds: a day. */
    static final long MAX_DELAY_MILLIS = 86_400_000;

    /** The robots.txt variants, with the keyword that selects each. */
    enum Kind {
        NONE("robots-none"),
        FORBIDDEN("robots-forbidden"),
        ERROR("robots-error"),
        DENY("robots-deny"),
        AGENT("robots-agent"),
        DELAY("robots-delay-"),
        REDIRECT("robots-redirect-"),
        BIG("robots-big"),
        HANG("robots-hang"),
        DEFAULT("");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }
    }

    private static final HttpTestbedEndpoint.Bound DELAY = new HttpTestbedEndpoint.Bound("N", 0, MAX_DELAY_MILLIS);
    private static final HttpTestbedEndpoint.Bound REDIRECTS = new HttpTestbedEndpoint.Bound("K", 1, MAX_REDIRECTS);

    /**
     * The variant of lower-case {@code host}.
     *
     * @throws HttpTestbedPathException (400) when {@code robots-delay-N} or {@code robots-redirect-K} lacks a
     *                                  number in bounds
     */
    static HttpTestbedRobotsHost of(String host) {
        int dot = host.indexOf('.');
        String label = dot < 0 ? host : host.substring(0, dot);
        for (Kind kind : Kind.values()) {
            if (label.startsWith(kind.keyword)) {
                return new HttpTestbedRobotsHost(kind, number(kind, label.substring(kind.keyword.length())));
            }
        }
        throw new IllegalStateException("DEFAULT matches every label");
    }

    /** The leading digits of what follows the keyword; anything after them is free text. */
    private static long number(Kind kind, String after) {
        HttpTestbedEndpoint.Bound bound = switch (kind) {
            case DELAY -> DELAY;
            case REDIRECT -> REDIRECTS;
            default -> null;
        };
        if (bound == null) {
            return 0;
        }
        int end = 0;
        while (end < after.length() && after.charAt(end) >= '0' && after.charAt(end) <= '9') {
            end++;
        }
        return HttpTestbedRoute.number(after.substring(0, end), bound);
    }
}
