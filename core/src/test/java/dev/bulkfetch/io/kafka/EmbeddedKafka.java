package dev.bulkfetch.io.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real one-node Kafka broker in KRaft mode (broker and controller in one), inside the test JVM and
 * bound to 127.0.0.1 only, for tests of submit, collect and workers. It is started from a generated
 * {@code server.properties} in a fresh temporary folder, formatted first with the storage tool's API
 * as {@code kafka-storage.sh format} would; {@link #close} stops it and removes the folder. Kafka's own
 * KafkaClusterTestKit is not used because it binds every interface.
 *
 * <p>One broker for all tests of a class, as a JUnit extension:
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafka kafka = new EmbeddedKafka();   // started before the class, closed after it
 * ...
 * kafka.createTopic("targets", 4);   // returns once every partition has a leader
 * ... kafka.bootstrap() ...          // "127.0.0.1:PORT"
 * }</pre>
 * or on its own: {@code try (EmbeddedKafka kafka = new EmbeddedKafka().start()) { ... }}.
 */
public final class EmbeddedKafka implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private int port;
    private KafkaRaftServer server;

    /** A broker not yet started: {@link #start} or register it as an extension. */
    public EmbeddedKafka() {
    }

    /** Starts the broker on free loopback ports and returns once it takes requests. */
    public EmbeddedKafka start() throws Exception {
        dir = Files.createTempDirectory("bulkfetch-kafka-");
        try {
            port = freePort();
            int controllerPort = freePort();
            Properties props = serverProperties(dir.resolve("log"), port, controllerPort);
            try (Writer w = Files.newBufferedWriter(dir.resolve("server.properties"))) {
                props.store(w, "the embedded broker of bulkfetch's tests");
            }
            format(dir.resolve("log"));
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            awaitReady();
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** {@code 127.0.0.1:PORT}, the value of {@code --kafka}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** A cluster handle with a timeout generous enough for a loaded test machine. */
    public KafkaCluster cluster() {
        return new KafkaCluster(bootstrap(), Duration.ofSeconds(30));
    }

    /** Creates a topic and returns once every partition has a leader (KAFKA-15591). */
    public void createTopic(String topic, int partitions) {
        try (KafkaTopics topics = new KafkaTopics(cluster())) {
            topics.create(topic, partitions);
            topics.awaitLeaders(topic);
        }
    }

    /**
     * Returns once group {@code group} is stable with {@code members} members that each hold at least
     * one partition: a test that kills one of them mid-run then knows the victim had work of its own.
     */
    public void awaitGroup(String group, int members, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        try (Admin admin = Admin.create(cluster().common("embedded-kafka-group"))) {
            while (true) {
                String seen;
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups()
                            .get(group).get(30, TimeUnit.SECONDS);
                    if (d.groupState() == GroupState.STABLE && d.members().size() == members
                            && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                        return;
                    }
                    seen = d.toString();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    seen = "no such group yet"; // no member has joined
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("group " + group + " not stable with " + members + " members: " + seen);
                }
                Thread.sleep(100);
            }
        }
    }

    /** The settings of {@code server.properties}: one node, loopback only, replication factor 1. */
    private static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // a consumer group forms at once instead of after the 3 s a cluster waits for more members
        p.put("group.initial.rebalance.delay.ms", "0");
        // a killed worker's open transaction is aborted within a second of its timeout, not ten
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // workers in tests give up a silent member's partitions after 6 s (the broker's minimum)
        p.put("group.min.session.timeout.ms", "2000");
        return p;
    }

    /** What {@code kafka-storage.sh format} does: a fresh cluster id and the metadata log's bootstrap. */
    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    /** Returns once the broker answers a metadata request (its listener is up and it has registered). */
    private void awaitReady() throws Exception {
        try (Admin admin = Admin.create(cluster().common("embedded-kafka-ready"))) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Stops the broker, waits {@code down}, and starts it again on the same ports from the same log
     * folder, as an operator's restart does; returns once it takes requests again.
     */
    public void restart(Duration down) throws Exception {
        server.shutdown();
        server.awaitShutdown();
        Thread.sleep(down.toMillis());
        Properties props = new Properties();
        try (java.io.Reader r = Files.newBufferedReader(dir.resolve("server.properties"))) {
            props.load(r);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        awaitReady();
    }

    /** Stops the broker (if it started) and removes its folder. */
    @Override
    public void close() {
        try {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } finally {
            server = null;
            if (dir != null) {
                deleteTree(dir);
                dir = null;
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
