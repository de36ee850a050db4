package dev.bulkfetch.testbed;

import static dev.bulkfetch.testbed.DnsTestbedProbe.A;
import static dev.bulkfetch.testbed.DnsTestbedProbe.AAAA;
import static dev.bulkfetch.testbed.DnsTestbedProbe.CAA;
import static dev.bulkfetch.testbed.DnsTestbedProbe.CNAME;
import static dev.bulkfetch.testbed.DnsTestbedProbe.MX;
import static dev.bulkfetch.testbed.DnsTestbedProbe.NOERROR;
import static dev.bulkfetch.testbed.DnsTestbedProbe.NS;
import static dev.bulkfetch.testbed.DnsTestbedProbe.NXDOMAIN;
import static dev.bulkfetch.testbed.DnsTestbedProbe.REFUSED;
import static dev.bulkfetch.testbed.DnsTestbedProbe.SERVFAIL;
import static dev.bulkfetch.testbed.DnsTestbedProbe.SOA;
import static dev.bulkfetch.testbed.DnsTestbedProbe.SRV;
import static dev.bulkfetch.testbed.DnsTestbedProbe.TXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulkfetch.testbed.DnsTestbedProbe.Question;
import dev.bulkfetch.testbed.DnsTestbedProbe.Reply;
import dev.bulkfetch.testbed.DnsTestbedProbe.Rr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The forward zone as a client sees it over UDP: names, types, rcodes and section contents. */
class DnsTestbedForwardZoneTest {

    private static final String SOA_DATA =
            "ns1.bulkfetch.test. hostmaster.bulkfetch.test. 1 3600 600 86400 300";

    private static DnsTestbed dns;
    private static DnsTestbedProbe probe;

    @BeforeAll
    static void start() throws IOException {
        dns = DnsTestbed.start(DnsTestbedConfig.defaults());
        probe = new DnsTestbedProbe(dns.address());
    }

    @AfterAll
    static void stop() {
        probe.close();
        dns.close();
    }

    @Test
    void anyNameBelowTheZoneHasLoopbackA() throws IOException {
        Reply reply = probe.ask("www.bulkfetch.test", A);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of(new Rr("www.bulkfetch.test.", A, 1, 300, "127.0.0.1")), reply.answers());
        assertTrue(reply.authority().isEmpty());
    }

    @Test
    void anyNameBelowTheZoneHasLoopbackAaaa() throws IOException {
        Reply reply = probe.ask("deep.er.name.bulkfetch.test", AAAA);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of("0:0:0:0:0:0:0:1"), reply.answerData());
        assertEquals(AAAA, reply.answers().get(0).type());
    }

    @Test
    void replyEchoesIdRdAndQuestionAndSetsQrAndAa() throws IOException {
        Reply reply = probe.ask(DnsTestbedProbe.query(0xbeef, "WwW.BulkFetch.TEST", A));

        assertEquals(0xbeef, reply.id());
        assertTrue(reply.qr());
        assertTrue(reply.aa());
        assertTrue(reply.rd());
        assertFalse(reply.tc());
        assertEquals(List.of(new Question("WwW.BulkFetch.TEST.", A, 1)), reply.questions());
        assertEquals(List.of("127.0.0.1"), reply.answerData(), "names match case-insensitively");
        assertEquals("WwW.BulkFetch.TEST.", reply.answers().get(0).name(), "owner keeps the asked spelling");
    }

    @Test
    void ipNameResolvesToTheLoopbackAddressItSpells() throws IOException {
        Reply reply = probe.ask("ip-127-0-0-5.bulkfetch.test", A);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of("127.0.0.5"), reply.answerData());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip-10-0-0-1", "ip-192-0-2-1", "ip-127-0-0-256", "ip-127-0-0-05", "ip-127-0-0",
        "ip-127-0-0-1-2", "ip-127-a-0-1"})
    void ipNameOutsideLoopbackOrMisspeltIsNxdomain(String label) throws IOException {
        Reply reply = probe.ask(label + ".bulkfetch.test", A);

        assertEquals(NXDOMAIN, reply.rcode());
        assertTrue(reply.answers().isEmpty());
        assertEquals(SOA_DATA, reply.authority().get(0).data());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "6   | ns1.bulkfetch.test. hostmaster.bulkfetch.test. 1 3600 600 86400 300",
        "2   | ns1.bulkfetch.test.",
        "15  | 10 mail.bulkfetch.test.",
        "16  | \"bulkfetch testbed\"",
        "257 | 0 issue \"bulkfetch.test\""})
    void apexHasEachOfItsTypes(int type, String data) throws IOException {
        Reply reply = probe.ask("bulkfetch.test", type);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of(new Rr("bulkfetch.test.", type, 1, 300, data)), reply.answers());
    }

    @Test
    void apexAnyListsEveryApexRecord() throws IOException {
        Reply reply = probe.ask("bulkfetch.test", DnsTestbedProbe.ANY);

        assertEquals(List.of(SOA, NS, MX, TXT, CAA), reply.answers().stream().map(Rr::type).toList());
    }

    @Test
    void serviceNameHasSrv() throws IOException {
        Reply reply = probe.ask("_svc._tcp.bulkfetch.test", SRV);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of("10 5 8080 srv.bulkfetch.test."), reply.answerData());
    }

    @ParameterizedTest
    @ValueSource(ints = {A, AAAA, TXT, MX, SRV})
    void nodataNameExistsWithoutRecords(int type) throws IOException {
        assertNodata(probe.ask("nodata.bulkfetch.test", type));
    }

    @Test
    void typeWithoutDataAtAnExistingNameIsNodata() throws IOException {
        assertNodata(probe.ask("www.bulkfetch.test", MX));
        assertNodata(probe.ask("bulkfetch.test", A));
        assertNodata(probe.ask("_svc._tcp.bulkfetch.test", A));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nx-1.bulkfetch.test", "NX-Shouting.bulkfetch.test", "a.nx-parent.bulkfetch.test",
        "cname-9.bulkfetch.test", "big-201.bulkfetch.test", "big-0.bulkfetch.test"})
    void nonexistentNameIsNxdomainWithSoa(String name) throws IOException {
        Reply reply = probe.ask(name, A);

        assertEquals(NXDOMAIN, reply.rcode());
        assertTrue(reply.answers().isEmpty());
        assertEquals(List.of(new Rr("bulkfetch.test.", SOA, 1, 300, SOA_DATA)), reply.authority());
    }

    @Test
    void cnameChainComesLinkByLinkInOrderThenTheAddress() throws IOException {
        Reply reply = probe.ask("cname-3.bulkfetch.test", A);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of(
                new Rr("cname-3.bulkfetch.test.", CNAME, 1, 300, "cname-2.bulkfetch.test."),
                new Rr("cname-2.bulkfetch.test.", CNAME, 1, 300, "cname-1.bulkfetch.test."),
                new Rr("cname-1.bulkfetch.test.", CNAME, 1, 300, "cname-0.bulkfetch.test."),
                new Rr("cname-0.bulkfetch.test.", A, 1, 300, "127.0.0.1")), reply.answers());
    }

    @Test
    void longestChainHasEightLinks() throws IOException {
        // Eight links and an AAAA are 554 bytes: more than plain UDP carries, so ask with EDNS.
        Reply reply = probe.ask(DnsTestbedProbe.query(8, "cname-8.bulkfetch.test", AAAA, 1232));

        List<String> expected = new ArrayList<>();
        for (int k = 7; k >= 0; k--) {
            expected.add("cname-" + k + ".bulkfetch.test.");
        }
        expected.add("0:0:0:0:0:0:0:1");
        assertEquals(expected, reply.answerData());
    }

    @Test
    void cnameQuestionIsAnsweredByTheFirstLinkOnly() throws IOException {
        Reply reply = probe.ask("cname-2.bulkfetch.test", CNAME);

        assertEquals(List.of("cname-1.bulkfetch.test."), reply.answerData());
    }

    @Test
    void chainToATypeWithoutDataKeepsTheChainAndAddsSoa() throws IOException {
        Reply reply = probe.ask("cname-2.bulkfetch.test", MX);

        assertEquals(NOERROR, reply.rcode());
        assertEquals(List.of("cname-1.bulkfetch.test.", "cname-0.bulkfetch.test."), reply.answerData());
        assertEquals(SOA_DATA, reply.authority().get(0).data());
    }

    @Test
    void servfailNameAlwaysFails() throws IOException {
        Reply reply = probe.ask("servfail.bulkfetch.test", A);

        assertEquals(SERVFAIL, reply.rcode());
        assertTrue(reply.answers().isEmpty());
    }

    @Test
    void refusedNameIsRefused() throws IOException {
        assertEquals(REFUSED, probe.ask("refused.bulkfetch.test", A).rcode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "test", "xbulkfetch.test", "bulkfetch.test.example", "arpa", "."})
    void nameOutsideTheZonesIsRefused(String name) throws IOException {
        Reply reply = probe.ask(name, A);

        assertEquals(REFUSED, reply.rcode());
        assertTrue(reply.answers().isEmpty());
    }

    @Test
    void bigNameIsAlsoAHost() throws IOException {
        assertEquals(List.of("127.0.0.1"), probe.ask("big-3.bulkfetch.test", A).answerData());
        assertEquals(List.of("\"bulkfetch big txt 001\"", "\"bulkfetch big txt 002\"", "\"bulkfetch big txt 003\""),
                probe.ask("big-3.bulkfetch.test", TXT).answerData());
    }

    @Test
    void otherOpcodeIsNotImplemented() throws IOException {
        byte[] query = DnsTestbedProbe.query(7, "www.bulkfetch.test", A);
        query[2] |= 2 << 3; // opcode 2, STATUS

        Reply reply = probe.ask(query);

        assertEquals(DnsTestbedProbe.NOTIMP, reply.rcode());
        assertEquals(2, reply.opcode());
    }

    private static void assertNodata(Reply reply) {
        assertEquals(NOERROR, reply.rcode());
        assertTrue(reply.answers().isEmpty(), () -> "answers: " + reply.answers());
        assertEquals(List.of(new Rr("bulkfetch.test.", SOA, 1, 300, SOA_DATA)), reply.authority());
    }
}
