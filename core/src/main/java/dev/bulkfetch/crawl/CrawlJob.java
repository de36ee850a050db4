package dev.bulkfetch.crawl;

import dev.bulkfetch.http.HttpUrl;
import dev.bulkfetch.http.RedirectHop;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.io.RetriedAttempt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One target held by the crawl layer, from admission through its retries to its result; or the
 * robots.txt request of a host, which waits in the host's line like any other request.
 */
final class CrawlJob {
    final HttpTarget target;
    final long lagNanos;
    final Consumer<HttpResult> done;
    /** the robots.txt URL when this is a host's robots request, else null */
    final HttpUrl robotsUrl;
    List<RetriedAttempt> retried;
    /** the host whose request this job has under way, or null while it waits */
    CrawlHost current;
    /** a redirect hop waiting for its turn at the host it goes to, and where it goes; else null */
    RedirectHop hop;
    HttpUrl hopUrl;
    /** its result was handed on: a place it still has in a host's line is skipped */
    boolean finished;

    private CrawlJob(HttpTarget target, long lagNanos, Consumer<HttpResult> done, HttpUrl robotsUrl) {
        this.target = target;
        this.lagNanos = lagNanos;
        this.done = done;
        this.robotsUrl = robotsUrl;
    }

    static CrawlJob fetch(HttpTarget target, long lagNanos, Consumer<HttpResult> done) {
        return new CrawlJob(target, lagNanos, done, null);
    }

    static CrawlJob robots(HttpUrl robotsUrl) {
        return new CrawlJob(null, 0, null, robotsUrl);
    }

    boolean isRobots() {
        return robotsUrl != null;
    }

    /** The URL this job asks for next: the robots.txt, a redirect hop, or the target. */
    HttpUrl url() {
        if (robotsUrl != null) {
            return robotsUrl;
        }
        return hopUrl != null ? hopUrl : target.url();
    }


    int failures() {
        return retried == null ? 0 : retried.size();
    }

    void failedOnce(RetriedAttempt attempt) {
        if (retried == null) {
            retried = new ArrayList<>(2);
        }
        retried.add(attempt);
    }
}
