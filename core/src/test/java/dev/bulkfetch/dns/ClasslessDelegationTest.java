package dev.bulkfetch.dns;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** RFC 2317: a PTR name that is an alias into a delegated sub-range zone. */
class ClasslessDelegationTest {

    @Test
    void ptrBehindAClasslessCnameIsFollowedAndTheChainReported() throws Exception {
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            // 5.0.18.198.in-addr.arpa CNAME 5.0/25.0.18.198.in-addr.arpa; that name PTR host.example.
            byte[] alias = new ReplyBytes().raw((byte) 1, (byte) '5').raw((byte) 4).raw("0/25".getBytes())
                    .pointer(12 + 2).bytes(); // "5" "0/25" then the question's "0.18.198.in-addr.arpa"
            int aliasAt = 12 + ReplyBytes.wireName(q.name()).length + 4 + 2 + 10;
            s.send(ReplyBytes.answerHeader(q.id(), 0, 2).question(q.name(), q.type())
                    .pointer(12).rr(DnsRecordType.CNAME, 300, alias)
                    .pointer(aliasAt).rr(DnsRecordType.PTR, 300, ReplyBytes.wireName("host.example.")).bytes(), q.from());
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> { })) {
            DnsAnswer a = f.ask("5.0.18.198.in-addr.arpa", DnsRecordType.PTR);
            assertNull(a.error());
            assertEquals(List.of("5.0/25.0.18.198.in-addr.arpa."), a.chain());
            assertEquals(List.of("host.example."), a.data());
        }
    }
}
