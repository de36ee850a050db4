package dev.bulkfetch.io.kafka;

import dev.bulkfetch.io.JsonText;
import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker's DNS record read back into massdns-style lines, and the JSON reader under it on any text. */
class SimpleRecordsTest {

    @Test
    void anAnsweredRecordIsOneLinePerAnswerAsRdnsFormatSimpleWritesIt() {
        String r = "{\"line\":3,\"input\":\"198.18.0.0/20\",\"name\":\"1.0.18.198.in-addr.arpa.\",\"type\":\"PTR\","
                + "\"rcode\":\"NOERROR\",\"answers\":[\"a.example.\",\"b.example.\"],\"chain\":[],\"resolver\":\"127.0.0.1:53\","
                + "\"rtt_ms\":0.4,\"attempts\":1,\"error\":null,\"topic\":\"t\",\"partition\":0,\"offset\":7}";
        assertEquals("1.0.18.198.in-addr.arpa. PTR a.example.\n1.0.18.198.in-addr.arpa. PTR b.example.\n",
                SimpleRecords.of(r));
    }

    @Test
    void aRecordWithoutAnswersOrWithAnErrorIsACommentLine() {
        assertEquals("; 2.0.18.198.in-addr.arpa. PTR NXDOMAIN\n", SimpleRecords.of("{\"line\":1,\"input\":\"x\","
                + "\"name\":\"2.0.18.198.in-addr.arpa.\",\"type\":\"PTR\",\"rcode\":\"NXDOMAIN\",\"answers\":[],\"error\":null}"));
        assertEquals("; a.test. A NODATA\n", SimpleRecords.of("{\"name\":\"a.test.\",\"type\":\"A\","
                + "\"rcode\":\"NOERROR\",\"answers\":[],\"error\":null}"));
        assertEquals("; 999.1.1.1 INVALID_INPUT not an IP address\n", SimpleRecords.of("{\"line\":1,\"input\":\"999.1.1.1\","
                + "\"name\":null,\"type\":null,\"rcode\":null,\"answers\":[],\"error\":{\"kind\":\"INVALID_INPUT\","
                + "\"errno\":null,\"message\":\"not an IP address\"}}"));
    }

    @Test
    void anythingElseIsSaidInACommentRatherThanDropped() {
        assertTrue(SimpleRecords.of("{\"line\":1,\"url\":\"http://a/\"}").startsWith("; not a DNS record: "));
        assertTrue(SimpleRecords.of("garbage").startsWith("; not a JSON record: "));
        assertTrue(SimpleRecords.of("[1,2]").startsWith("; not a record: "));
    }

    @Test
    void stringsWrittenByTheRecordSinksReadBackAsTheyWere() {
        Property.forAll("JsonText strings read back", r -> Gen.anyString(r, 40)).tries(2000).check(s -> {
            StringBuilder sb = new StringBuilder("{\"k\":");
            JsonText.string(sb, s);
            sb.append('}');
            Object back = ((Map<?, ?>) RecordJson.parse(sb.toString())).get("k");
            // JsonText writes a lone surrogate as U+FFFD: compare with what it meant to write
            StringBuilder expected = new StringBuilder();
            JsonText.string(expected, s);
            StringBuilder again = new StringBuilder();
            JsonText.string(again, (String) back);
            assertEquals(expected.toString(), again.toString());
            return "read back";
        });
    }

    @Test
    void anyTextIsAValueOrAClearErrorNeverAnotherException() {
        String alphabet = "{}[]\",:\\u0123456789abcdefnrtl.eE+- \n";
        Property.forAll("any text", r -> Gen.chance(r, 0.5) ? Gen.from(r, alphabet, 0, 60) : Gen.anyString(r, 60))
                .tries(5000).check(text -> {
                    try {
                        Object v = RecordJson.parse(text);
                        SimpleRecords.of(text);
                        return v instanceof Map ? "object" : v instanceof List ? "array" : "scalar";
                    } catch (IllegalArgumentException e) {
                        assertTrue(e.getMessage().startsWith("not a JSON record: "), e.getMessage());
                        return "refused";
                    }
                });
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(100_000);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RecordJson.parse(deep));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }
}
