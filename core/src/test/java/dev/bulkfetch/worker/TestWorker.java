package dev.bulkfetch.worker;

import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.engine.DnsSweep;
import dev.bulkfetch.engine.RunControl;
import dev.bulkfetch.engine.RunLimits;
import dev.bulkfetch.engine.RunSpec;
import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.io.DnsNdjsonSink;
import dev.bulkfetch.io.DnsResult;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.kafka.KafkaCluster;
import dev.bulkfetch.io.kafka.KafkaWork;
import dev.bulkfetch.io.kafka.WorkerSettings;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * An rdns worker in a thread of the test JVM: the Kafka side and the local sweep between, as
 * {@code bulkfetch worker --kind rdns} puts them together. Stopping it is what SIGTERM does.
 */
final class TestWorker implements AutoCloseable {
    static final KafkaWork.Kind<DnsTarget, DnsResult> RDNS = new KafkaWork.Kind<>(l -> DnsTargets.reverse(l, 1 << 20),
            DnsTarget::line, DnsNdjsonSink::new, r -> r.target().line(),
            r -> r.error() != null && r.error().kind() == ErrorKind.CANCELLED);

    private final RunControl control = new RunControl(Duration.ofMillis(500));
    private final KafkaWork<DnsTarget, DnsResult> work;
    private final String id;
    private final Thread thread;
    private volatile Throwable failure;

    TestWorker(KafkaCluster cluster, String id, InetSocketAddress resolver, String group, String in, String out) {
        this(cluster, id, resolver, group, in, out, 0);
    }

    /** @param rate lookups per second at most (0: as fast as it goes), so that a run lasts long enough to join */
    TestWorker(KafkaCluster cluster, String id, InetSocketAddress resolver, String group, String in, String out,
               double rate) {
        this.id = id;
        WorkerSettings s = WorkerSettings.builder(cluster, group, in, out).workerId(id)
                .commitInterval(Duration.ofMillis(200)).sessionTimeout(Duration.ofSeconds(3))
                .transactionTimeout(Duration.ofSeconds(5)).build();
        work = KafkaWork.open(s, RDNS, control::cancelled);
        DnsEngineConfig dns = DnsEngineConfig.builder().resolver(resolver).timeout(Duration.ofMillis(300)).retries(5)
                .build();
        thread = new Thread(() -> {
            try {
                DnsSweep.run(RunSpec.builder(dns, work.source(), work.sink()).limits(new RunLimits(500, rate))
                        .control(control).build());
            } catch (Throwable t) {
                failure = t;
            }
        }, "test-worker-" + id);
        thread.start();
    }

    long published() {
        return work.published();
    }

    long recoveries() {
        return work.recoveries();
    }

    /** What the worker has done and why it stopped, if it did: for a test's failure message. */
    String state() {
        return "worker " + id + ": published " + work.published() + " in " + work.transactions()
                + " transactions (" + work.recoveries() + " redone), run " + (thread.isAlive() ? "running" : "ended")
                + (failure == null ? "" : " (" + failure + ")")
                + (work.failure() == null ? "" : ", Kafka side failed: " + describe(work.failure()));
    }

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            s.append(s.length() == 0 ? "" : " <- ").append(c);
        }
        return s.toString();
    }

    /** What SIGTERM does: stop taking messages, finish or hand back what is in flight, commit, leave. */
    @Override
    public void close() throws Exception {
        control.cancel();
        thread.join(30_000);
        work.close();
        if (failure != null) {
            throw new AssertionError("the worker's run failed", failure);
        }
        if (work.failure() != null) {
            throw new AssertionError("the worker's Kafka side failed", work.failure());
        }
    }
}
