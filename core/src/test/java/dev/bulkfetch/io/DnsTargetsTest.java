package dev.bulkfetch.io;

import dev.bulkfetch.dns.DnsRecordType;
import dev.bulkfetch.error.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsTargetsTest {

    private static List<DnsTarget> reverse(byte[] input, long max) {
        List<DnsTarget> out = new ArrayList<>();
        DnsTargets.reverse(new InputArguments(List.of("-"), new ByteArrayInputStream(input)), max).forEachRemaining(out::add);
        return out;
    }

    @Test
    void addressesRangesAndReverseNamesBecomePtrQuestions() {
        List<DnsTarget> t = reverse("198.18.0.1\n198.18.0.0/30\r\n2001:db8::1\n4.3.2.1.in-addr.arpa\n"
                .getBytes(StandardCharsets.UTF_8), 100);
        assertEquals(7, t.size());
        assertEquals("1.0.18.198.in-addr.arpa.", t.get(0).question().fqdn());
        assertEquals(2, t.get(1).line());
        assertEquals("198.18.0.0/30", t.get(4).input());
        assertEquals("3.0.18.198.in-addr.arpa.", t.get(4).question().fqdn());
        assertTrue(t.get(5).question().fqdn().endsWith(".ip6.arpa."));
        assertEquals("4.3.2.1.in-addr.arpa.", t.get(6).question().fqdn());
        assertEquals(DnsRecordType.PTR, t.get(6).question().type());
    }

    @Test
    void everyBadLineGivesOneInvalidInputTargetWithItsLineNumber() {
        byte[] junk = {(byte) 0xC3, (byte) 0x28, '\n'}; // invalid UTF-8
        String text = "not-an-ip\n1.2.3.4/33\n999.1.1.1\n\n   \n# comment\n";
        byte[] input = concat(text.getBytes(StandardCharsets.UTF_8), junk, ("x".repeat(200_000) + "\n1.2.3.4\n")
                .getBytes(StandardCharsets.UTF_8));
        DnsTargets targets = DnsTargets.reverse(new InputArguments(List.of("-"), new ByteArrayInputStream(input)), 100);
        List<DnsTarget> t = new ArrayList<>();
        targets.forEachRemaining(t::add);
        assertEquals(List.of(1L, 2L, 3L, 7L, 8L, 9L), t.stream().map(DnsTarget::line).toList());
        for (int i = 0; i < 5; i++) {
            assertEquals(ErrorKind.INVALID_INPUT, t.get(i).error().kind(), t.get(i).toString());
            assertNull(t.get(i).question());
        }
        assertTrue(t.get(3).error().message().contains("UTF-8"));
        assertTrue(t.get(4).error().message().contains("longer than"));
        assertNull(t.get(5).error());
        assertEquals(3, targets.skippedLines());
    }

    @Test
    void rangeAboveTheCapIsOneClearError() {
        List<DnsTarget> t = reverse("10.0.0.0/8\n2001:db8::/32\n".getBytes(StandardCharsets.UTF_8), 65536);
        assertEquals(2, t.size());
        assertTrue(t.get(0).error().message().contains("16777216 addresses"), t.get(0).error().message());
        assertTrue(t.get(1).error().message().contains("--max-targets"));
    }

    @Test
    void forwardNamesAreValidatedAndIdnGoesOutAsPunycode() {
        List<DnsTarget> t = new ArrayList<>();
        DnsTargets.forward(new InputArguments(List.of("bücher.example", "a..b", "ok.example.", "with space.example"),
                new ByteArrayInputStream(new byte[0])), DnsRecordType.A).forEachRemaining(t::add);
        assertEquals("xn--bcher-kva.example", t.get(0).question().name());
        assertEquals(ErrorKind.INVALID_INPUT, t.get(1).error().kind());
        assertEquals("ok.example.", t.get(2).question().name());
        assertEquals(ErrorKind.INVALID_INPUT, t.get(3).error().kind());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
