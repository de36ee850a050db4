package dev.bulkfetch.io;

import dev.bulkfetch.dns.DnsRecordType;
import dev.bulkfetch.error.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input no list should hold, through the target readers of {@code http}, {@code rdns} and {@code dns}: binary
 * junk, malformed ranges and addresses, a megabyte line. Each bad line is one INVALID_INPUT target with a
 * message saying what is wrong, blank lines are skipped and counted, and the lines after are read as usual.
 */
class BadInputLinesTest {
    /**
     * Lines of binary junk, each holding a byte no target may hold (a control byte, or bytes that are not UTF-8),
     * so none can pass for a name by chance.
     */
    private static final byte[][] JUNK = {
        {0},
        {0, 0, 0, 'x'},
        {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD},
        {0x1B, '[', '3', '1', 'm', 'r', 'e', 'd'},
        {'h', 't', 't', 'p', ':', '/', '/', 'a', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '/', 0, 'x'},
        {'1', '9', '8', '.', '1', '8', '.', '0', '.', '1', 0x07},
        {(byte) 0xC0, (byte) 0x80}, // an overlong NUL: not UTF-8
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded in UTF-8: not UTF-8
        {'a', 0x7F, 'b'},
    };

    private static byte[] junkThenGood(String good) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : JUNK) {
            out.writeBytes(line);
            out.write('\n');
            out.write('\n'); // and a blank line after each
        }
        out.writeBytes((" \t \r\n" + good + "\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static <T> List<T> read(byte[] input, Function<Iterator<InputLine>, Iterator<T>> reader) {
        List<T> out = new ArrayList<>();
        reader.apply(new InputArguments(List.of("-"), new ByteArrayInputStream(input))).forEachRemaining(out::add);
        return out;
    }

    @Test
    void binaryJunkIsOneInvalidInputTargetPerLineForHttp() {
        HttpTargets[] reader = new HttpTargets[1];
        List<HttpTarget> t = read(junkThenGood("http://ok.example/"), lines -> reader[0] = HttpTargets.of(lines));
        assertEquals(JUNK.length + 1, t.size());
        for (int i = 0; i < JUNK.length; i++) {
            assertEquals(2L * i + 1, t.get(i).line());
            assertEquals(ErrorKind.INVALID_INPUT, t.get(i).error().kind(), t.get(i).toString());
            assertFalse(t.get(i).error().message().isBlank());
            assertNull(t.get(i).url());
        }
        assertEquals("http://ok.example/", t.get(JUNK.length).url().toString());
        assertEquals(JUNK.length + 1, reader[0].skippedLines(), "every blank line, whitespace-only included");
    }

    @Test
    void binaryJunkIsOneInvalidInputTargetPerLineForRdnsAndDns() {
        DnsTargets[] reverse = new DnsTargets[1];
        List<DnsTarget> r = read(junkThenGood("198.18.0.1"), lines -> reverse[0] = DnsTargets.reverse(lines, 256));
        DnsTargets[] forward = new DnsTargets[1];
        List<DnsTarget> f = read(junkThenGood("ok.example"), lines -> forward[0] = DnsTargets.forward(lines, DnsRecordType.A));
        for (List<DnsTarget> t : List.of(r, f)) {
            assertEquals(JUNK.length + 1, t.size());
            for (int i = 0; i < JUNK.length; i++) {
                assertEquals(2L * i + 1, t.get(i).line());
                assertEquals(ErrorKind.INVALID_INPUT, t.get(i).error().kind(), t.get(i).toString());
                assertNull(t.get(i).question());
            }
            assertNull(t.get(JUNK.length).error());
        }
        assertEquals("1.0.18.198.in-addr.arpa.", r.get(JUNK.length).question().fqdn());
        assertEquals("ok.example", f.get(JUNK.length).question().name());
        assertEquals(JUNK.length + 1, reverse[0].skippedLines());
        assertEquals(JUNK.length + 1, forward[0].skippedLines());
    }

    @Test
    void malformedRangesAndAddressesAreOneInvalidInputEachWithTheReason() {
        String[][] cases = {
            {"1.2.3/24", "not an IP address"},
            {"1.2.3.4/", "bad prefix length"},
            {"1.2.3.4/-1", "bad prefix length"},
            {"1.2.3.4/33", "too long"},
            {"2001:db8::/129", "too long"},
            {"1.2.3.4/8/9", "not a CIDR range"},
            {"/24", "not an IP address"},
            {"1.2.3.4/ 24", "bad prefix length"},
            {"1.2.3.4.5", "not an IP address, CIDR range"},
            {"256.1.1.1", "not an IP address, CIDR range"},
            {"1..2.3", "not an IP address, CIDR range"},
            {":::1", "not an IP address, CIDR range"},
            {"2001:db8::1::2", "not an IP address, CIDR range"},
            {"fe80::1%eth0", "not an IP address, CIDR range"},
            {"1.2.3.4 5.6.7.8", "not an IP address, CIDR range"},
        };
        StringBuilder input = new StringBuilder();
        for (String[] c : cases) {
            input.append(c[0]).append('\n');
        }
        input.append("198.18.0.0/31\n");
        List<DnsTarget> t = read(input.toString().getBytes(StandardCharsets.UTF_8), lines -> DnsTargets.reverse(lines, 256));
        assertEquals(cases.length + 2, t.size());
        for (int i = 0; i < cases.length; i++) {
            assertEquals(i + 1, t.get(i).line());
            assertEquals(ErrorKind.INVALID_INPUT, t.get(i).error().kind(), cases[i][0]);
            assertTrue(t.get(i).error().message().contains(cases[i][1]), cases[i][0] + ": " + t.get(i).error().message());
            assertEquals(cases[i][0], t.get(i).input());
        }
        assertEquals("0.0.18.198.in-addr.arpa.", t.get(cases.length).question().fqdn());
        assertEquals("1.0.18.198.in-addr.arpa.", t.get(cases.length + 1).question().fqdn());
    }

    @Test
    void megabyteLineIsOneInvalidInputTargetForRdnsAndTheNextLineIsRead() {
        byte[] input = ("198.18." + "1".repeat(1 << 20) + "\n198.18.0.2\n").getBytes(StandardCharsets.US_ASCII);
        List<DnsTarget> t = read(input, lines -> DnsTargets.reverse(lines, 256));
        assertEquals(2, t.size());
        assertTrue(t.get(0).error().message().contains("longer than"), t.get(0).error().message());
        assertTrue(t.get(0).input().length() < 100, "the record does not echo the megabyte");
        assertEquals("2.0.18.198.in-addr.arpa.", t.get(1).question().fqdn());
    }
}
