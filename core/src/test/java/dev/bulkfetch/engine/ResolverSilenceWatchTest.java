package dev.bulkfetch.engine;

import dev.bulkfetch.dns.DnsEngineStats;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the watch speaks: after seconds of queries without answers, once, and when answers return. */
class ResolverSilenceWatchTest {
    private long sent;
    private long accepted;
    private long unreachable;
    private final List<String> notices = new ArrayList<>();
    private final RunListener sink = new RunListener() {
        @Override
        public void progress(Progress progress) {
        }

        @Override
        public void notice(String message) {
            notices.add(message);
        }
    };
    private final ResolverSilenceWatch watch = (ResolverSilenceWatch) ResolverSilenceWatch.around(sink,
            () -> new DnsEngineStats(sent, 0, accepted, accepted, 0, 0, 0, 0, 0, 0, unreachable, unreachable, 0),
            List.of(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("::1", 53)));

    @Test
    void queriesWithoutAnswersForThreeSecondsAreToldOnceAndTheirEndToo() {
        look(0);
        sent = 100;
        look(1);
        look(3);
        assertEquals(List.of(), notices, "2 s of silence is not yet worth a line");
        unreachable = 2;
        look(4);
        look(5);
        look(9);
        assertEquals(1, notices.size(), notices.toString());
        assertEquals("no DNS reply from 127.0.0.1:5353, [0:0:0:0:0:0:0:1]:53 for 3 s (100 queries sent,"
                + " 2 ICMP unreachable reports); is the resolver up and is --resolver right?", notices.get(0));
        accepted = 1;
        look(10);
        assertEquals("DNS replies again after 9 s of silence", notices.get(1));
    }

    @Test
    void queriesSentBeforeTheFirstLookAreSilenceFromThatLookOn() {
        sent = 100;
        look(1);
        sent = 200; // the retransmits
        look(2);
        look(3);
        assertEquals(List.of(), notices);
        look(4);
        assertEquals(1, notices.size(), "told 3 s after the first look, not 3 s after the retransmits");
        assertTrue(notices.get(0).contains("(200 queries sent)"), notices.get(0));
    }

    @Test
    void nothingAskedIsQuietNotSilent() {
        for (int s = 0; s < 20; s++) {
            look(s);
        }
        accepted = 50;
        sent = 50;
        for (int s = 20; s < 40; s++) {
            look(s);
        }
        assertTrue(notices.isEmpty(), notices.toString());
    }

    private void look(long seconds) {
        watch.look(TimeUnit.SECONDS.toNanos(seconds));
    }
}
