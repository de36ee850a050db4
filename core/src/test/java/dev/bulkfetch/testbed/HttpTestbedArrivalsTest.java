package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The arrival log: what the server saw, when, for which host, in order, within its cap. */
class HttpTestbedArrivalsTest {

    @Test
    void arrivalsAreLoggedInOrderWithHostLowerCasedAndPortDropped() throws IOException {
        try (HttpTestbed testbed = HttpTestbed.start()) {
            // arrival times are derived from nanoTime and a millisecond wall clock read at start: 1 ms of slack
            long before = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()) - 1000;
            int clientPort;
            try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed)) {
                clientPort = client.socket().getLocalPort();
                for (String host : List.of("WWW.Example.TEST:8080", "other.test", "[::1]:80")) {
                    client.host(host).send("GET", "/page/x?n=" + host.length());
                    client.readResponse(false);
                }
                client.host("www.example.test").send("GET", "/robots.txt");
                client.readResponse(false);
            }
            long after = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()) + 1000;

            List<HttpTestbedArrival> arrivals = testbed.arrivals();
            assertEquals(List.of("www.example.test /page/x?n=21", "other.test /page/x?n=10", "[::1] /page/x?n=8",
                    "www.example.test /robots.txt"), arrivals.stream().map(a -> a.host() + " " + a.path()).toList());
            for (int i = 0; i < arrivals.size(); i++) {
                HttpTestbedArrival arrival = arrivals.get(i);
                assertEquals("127.0.0.1", arrival.localAddress());
                assertEquals(clientPort, arrival.remotePort());
                assertTrue(arrival.epochMicros() >= before && arrival.epochMicros() <= after, arrival.toString());
                if (i > 0) {
                    assertTrue(arrival.nanoTime() >= arrivals.get(i - 1).nanoTime());
                    assertTrue(arrival.epochMicros() >= arrivals.get(i - 1).epochMicros());
                }
            }
        }
    }

    @Test
    void requestsNeverAnsweredAreLoggedWhenTheirHeadArrives() throws Exception {
        BlockingQueue<HttpTestbedArrival> heard = new LinkedBlockingQueue<>();
        try (HttpTestbed testbed = HttpTestbed.start(HttpTestbedConfig.builder().arrivalListener(heard::add).build());
             HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed).host("robots-hang.test")) {
            client.send("GET", "/robots.txt");

            HttpTestbedArrival arrival = heard.poll(5, TimeUnit.SECONDS);
            assertNotNull(arrival, "no arrival heard");
            assertEquals("robots-hang.test", arrival.host());
            assertEquals(List.of(arrival), testbed.arrivals());
        }
    }

    @Test
    void theLogKeepsTheNewestArrivalsAndCountsTheDropped() throws IOException {
        try (HttpTestbed testbed = HttpTestbed.start(HttpTestbedConfig.builder().maxArrivals(3).build())) {
            for (int i = 0; i < 5; i++) {
                HttpTestbedRawClient.get(testbed, "/page/" + i);
            }

            assertEquals(List.of("/page/2", "/page/3", "/page/4"),
                    testbed.arrivals().stream().map(HttpTestbedArrival::path).toList());
            assertEquals(2, testbed.droppedArrivals());
        }
    }

    @Test
    void aLogOfZeroKeepsNothingButCountsAndStillTellsTheListener() throws IOException {
        BlockingQueue<HttpTestbedArrival> heard = new LinkedBlockingQueue<>();
        HttpTestbedConfig config = HttpTestbedConfig.builder().maxArrivals(0).arrivalListener(heard::add).build();
        try (HttpTestbed testbed = HttpTestbed.start(config)) {
            HttpTestbedRawClient.get(testbed, "/page/0");
            HttpTestbedRawClient.get(testbed, "/page/1");

            assertEquals(List.of(), testbed.arrivals());
            assertEquals(2, testbed.droppedArrivals());
            assertEquals(List.of("/page/0", "/page/1"), heard.stream().map(HttpTestbedArrival::path).toList());
        }
    }

    @Test
    void clearingForgetsTheArrivalsSoFar() throws IOException {
        try (HttpTestbed testbed = HttpTestbed.start()) {
            HttpTestbedRawClient.get(testbed, "/page/before");
            testbed.clearArrivals();
            HttpTestbedRawClient.get(testbed, "/page/after");

            assertEquals(List.of("/page/after"), testbed.arrivals().stream().map(HttpTestbedArrival::path).toList());
        }
    }

    @Test
    void arrivalsFromSeveralEventLoopsAreAllLoggedOnce() throws Exception {
        int clients = 4;
        int requests = 50;
        HttpTestbedConfig config = HttpTestbedConfig.builder().eventLoopThreads(2).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (HttpTestbed testbed = HttpTestbed.start(config)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String host = "client-" + c + ".test";
                done.add(pool.submit(() -> {
                    try (HttpTestbedRawClient client = HttpTestbedRawClient.connect(testbed).host(host)) {
                        for (int r = 0; r < requests; r++) {
                            client.send("GET", "/page/" + r);
                            client.readResponse(false);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }

            List<HttpTestbedArrival> arrivals = testbed.arrivals();
            Set<String> distinct = new HashSet<>();
            arrivals.forEach(a -> distinct.add(a.host() + a.path()));
            assertEquals(clients * requests, arrivals.size());
            assertEquals(clients * requests, distinct.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
