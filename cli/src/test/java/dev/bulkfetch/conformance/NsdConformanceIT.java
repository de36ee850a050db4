package dev.bulkfetch.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bulkfetch against NSD: a reverse sweep of 198.18.0.0/16 returns exactly the zone's PTR for every
 * address, none lost, none wrong; forward lookups of every record type give what {@code dig} gives.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NsdConformanceIT {
    @RegisterExtension
    static final ContainerPreconditions NEEDS =
            new ContainerPreconditions(List.of(Containers.TESTBED_IMAGE), List.of("dig"));

    private static final String REVERSE_ZONE = "/srv/testbed/zones/18.198.in-addr.arpa.zone";
    private static final int SWEEP_SIZE = 65_536;
    /** Names and types of docker/testbed/bulkfetch.test.zone: every format, CNAME chains, NODATA, NXDOMAIN. */
    private static final List<Question> QUESTIONS = List.of(
            new Question("bulkfetch.test", "SOA"), new Question("bulkfetch.test", "NS"),
            new Question("bulkfetch.test", "MX"), new Question("bulkfetch.test", "TXT"),
            new Question("bulkfetch.test", "CAA"), new Question("bulkfetch.test", "A"),
            new Question("www.bulkfetch.test", "A"), new Question("www.bulkfetch.test", "AAAA"),
            new Question("www.bulkfetch.test", "TXT"), new Question("multi.bulkfetch.test", "A"),
            new Question("v6.bulkfetch.test", "AAAA"), new Question("alias.bulkfetch.test", "A"),
            new Question("alias2.bulkfetch.test", "AAAA"), new Question("escapes.bulkfetch.test", "TXT"),
            new Question("_http._tcp.bulkfetch.test", "SRV"), new Question("nx.bulkfetch.test", "A"),
            new Question("1.2.18.198.in-addr.arpa", "PTR"), new Question("255.255.18.198.in-addr.arpa", "PTR"));

    private record Question(String name, String type) {
    }

    /** The outcome of a lookup as both clients can state it: rcode, then CNAMEs followed and final data. */
    private record Outcome(String rcode, List<String> data) {
    }

    @TempDir
    static Path dir;
    private static TestbedServer nsd;

    @BeforeAll
    static void startNsd() {
        if (!NEEDS.met()) {
            return;
        }
        nsd = TestbedServer.start(TestbedServer.Kind.NSD);
    }

    @AfterAll
    static void stopNsd() {
        if (nsd != null) {
            nsd.close();
        }
    }

    private static String resolver() {
        return "127.0.0.1:" + nsd.port();
    }

    @Test
    void reverseSweepOf198_18_0_0_16ReturnsTheZonesPtrForEveryAddress() throws Exception {
        Map<String, String> zone = ReverseZone.ptrs(new String(nsd.readFile(REVERSE_ZONE), StandardCharsets.US_ASCII));
        assertEquals(SWEEP_SIZE, zone.size(), "PTR records in the zone");

        List<String> lines = BulkfetchCli.run(dir.resolve("sweep.txt"), "rdns", "--resolver", resolver(),
                "--no-recursion", "--format", "simple", "198.18.0.0/16");

        // "NAME. PTR TARGET" per answer; a target without one would be a "; ..." comment line
        Map<String, String> got = new HashMap<>();
        List<String> odd = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 3 && f[1].equals("PTR") && got.put(f[0].toLowerCase(), f[2]) == null) {
                continue;
            }
            odd.add(line);
        }
        List<String> lost = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        zone.forEach((name, target) -> {
            String answer = got.get(name);
            if (answer == null) {
                lost.add(name);
            } else if (!answer.equals(target)) {
                wrong.add(name + " " + answer + " (zone: " + target + ")");
            }
        });
        assertTrue(lost.isEmpty() && wrong.isEmpty() && odd.isEmpty() && got.size() == SWEEP_SIZE,
                lost.size() + " lost, " + wrong.size() + " wrong, " + odd.size() + " other lines, " + got.size()
                        + " names answered of " + SWEEP_SIZE + "; first: " + first(lost) + first(wrong) + first(odd));
    }

    @Test
    void forwardLookupsMatchDig() throws Exception {
        Map<Question, Outcome> bulkfetch = new LinkedHashMap<>();
        Map<String, List<Question>> byType = new LinkedHashMap<>();
        QUESTIONS.forEach(q -> byType.computeIfAbsent(q.type(), t -> new ArrayList<>()).add(q));
        for (Map.Entry<String, List<Question>> e : byType.entrySet()) {
            List<String> args = new ArrayList<>(List.of("dns", "-q", "-t", e.getKey(), "--resolver", resolver(), "--no-recursion"));
            e.getValue().forEach(q -> args.add(q.name()));
            for (String line : BulkfetchCli.run(dir.resolve("dns-" + e.getKey() + ".ndjson"), args.toArray(String[]::new))) {
                Map<String, Object> r = Json.object(line);
                List<String> data = new ArrayList<>(strings(r.get("chain")));
                data.addAll(strings(r.get("answers")));
                bulkfetch.put(new Question((String) r.get("input"), e.getKey()), new Outcome((String) r.get("rcode"), data));
            }
        }
        List<String> differences = new ArrayList<>();
        for (Question q : QUESTIONS) {
            Outcome want = dig(q);
            Outcome got = bulkfetch.get(q);
            if (!want.equals(got)) {
                differences.add(q.name() + " " + q.type() + ": bulkfetch " + got + ", dig " + want);
            }
        }
        assertTrue(differences.isEmpty(), "bulkfetch and dig differ:\n" + String.join("\n", differences));
    }

    /**
     * What dig says: the status of its header and the record data of the answer section (what
     * {@code dig +short} prints: the CNAMEs followed, then the records asked for).
     */
    private static Outcome dig(Question q) throws Exception {
        String out = HostTool.run(Duration.ofSeconds(30), List.of("dig", "@127.0.0.1", "-p", Integer.toString(nsd.port()),
                "+norec", "+time=2", "+tries=3", "+noall", "+comments", "+answer", q.name(), q.type()));
        String rcode = null;
        List<String> data = new ArrayList<>();
        for (String line : out.split("\n")) {
            int status = line.indexOf("status: ");
            if (line.startsWith(";; ->>HEADER<<-") && status > 0) {
                rcode = line.substring(status + 8, line.indexOf(',', status));
            } else if (!line.isBlank() && !line.startsWith(";")) {
                data.add(line.split("\\s+", 5)[4]);   // NAME TTL CLASS TYPE DATA
            }
        }
        return new Outcome(rcode, data);
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String.class::cast).toList();
    }

    private static String first(List<String> list) {
        return list.isEmpty() ? "" : "[" + list.get(0) + "] ";
    }
}
