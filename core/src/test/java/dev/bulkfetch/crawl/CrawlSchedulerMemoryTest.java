package dev.bulkfetch.crawl;

import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.http.HttpUrl;
import dev.bulkfetch.crawl.robots.RobotsRules;
import dev.bulkfetch.io.HttpTarget;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The scheduler holds only hosts with work or a rest to keep: a crawl over many hosts, each seen once,
 * leaves nothing behind, whatever the delay; robots.txt rules survive their host in the cache.
 */
@org.junit.jupiter.api.Timeout(30)
class CrawlSchedulerMemoryTest {
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Hooks that answer at once, on the loop, as a server answering instantly would. */
    private static final class InstantHooks implements CrawlScheduler.Hooks {
        CrawlScheduler scheduler;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger robotsAsked = new AtomicInteger();

        @Override
        public void start(CrawlHost host, CrawlJob job) {
            started.incrementAndGet();
            if (job.isRobots()) {
                robotsAsked.incrementAndGet();
                scheduler.robotsRead(host, RobotsRules.allowAll());
            }
            scheduler.ended(host, 0);
        }

        @Override
        public void resolve(CrawlHost host) {
            throw new AssertionError("no per-IP cap in these tests");
        }

        @Override
        public void disallowed(CrawlJob job, RobotsRules rules) {
            throw new AssertionError("everything is allowed");
        }

        @Override
        public void dropped(CrawlJob job, BulkError error) {
            throw new AssertionError("nothing is dropped: " + error);
        }
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    private static CrawlJob job(String host, int i) {
        HttpUrl url = HttpUrl.parse("http://" + host + ".example.test/p/" + i);
        return CrawlJob.fetch(new HttpTarget(i, url.toString(), url, null), 0, r -> { });
    }

    @Test
    void hostsSeenOnceAreForgottenWithoutADelay() throws Exception {
        InstantHooks hooks = new InstantHooks();
        CrawlScheduler s = new CrawlScheduler(loop, CrawlPolicy.builder().perHost(2).build(), hooks);
        hooks.scheduler = s;
        int held = onLoop(() -> {
            for (int i = 0; i < 20_000; i++) {
                s.submit(job("h" + i, i));
            }
            return s.hostsHeld();
        });
        assertEquals(20_000, hooks.started.get());
        assertEquals(0, held, "no host is held once its only target ended");
    }

    @Test
    void restingHostsAreForgottenWhenTheirRestIsOver() throws Exception {
        InstantHooks hooks = new InstantHooks();
        CrawlScheduler s = new CrawlScheduler(loop,
                CrawlPolicy.builder().hostDelay(Duration.ofMillis(50)).build(), hooks);
        hooks.scheduler = s;
        int heldAtOnce = onLoop(() -> {
            for (int i = 0; i < 5_000; i++) {
                s.submit(job("h" + i, i));
            }
            return s.hostsHeld();
        });
        assertEquals(5_000, heldAtOnce, "each host rests 50 ms after its request");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int held;
        do {
            Thread.sleep(20);
            held = onLoop(s::hostsHeld);
        } while (held > 0 && System.nanoTime() < deadline);
        assertEquals(0, held, "rested hosts are dropped");
        // a host that comes back starts afresh: no rest is owed any more
        assertEquals(5_001, (int) onLoop(() -> {
            s.submit(job("h7", 99));
            return hooks.started.get();
        }));
    }

    @Test
    void robotsRulesOutliveTheirHost() throws Exception {
        InstantHooks hooks = new InstantHooks();
        CrawlScheduler s = new CrawlScheduler(loop, CrawlPolicy.builder().robots(true).build(), hooks);
        hooks.scheduler = s;
        int held = onLoop(() -> {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 1_000; i++) {
                    s.submit(job("h" + i, i));
                }
            }
            return s.hostsHeld();
        });
        assertEquals(0, held);
        assertEquals(1_000, hooks.robotsAsked.get(), "robots.txt asked once per host, not once per visit");
        assertEquals(4_000, hooks.started.get());
    }
}
