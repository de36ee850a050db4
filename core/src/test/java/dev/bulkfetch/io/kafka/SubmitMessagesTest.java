package dev.bulkfetch.io.kafka;

import dev.bulkfetch.dns.CidrRange;
import dev.bulkfetch.io.InputLine;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What a submit sends for its input lines: one message a line, ranges cut into blocks, keys by host. */
class SubmitMessagesTest {

    private static SubmitMessages messages(SubmitKind kind, int block, String... lines) {
        List<InputLine> in = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            in.add(new InputLine(i + 1, lines[i], null));
        }
        return new SubmitMessages(in.iterator(), kind, block);
    }

    private static List<SubmitMessage> all(Iterator<SubmitMessage> it) {
        List<SubmitMessage> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void aSlash12IsCutInto256Slash20BlocksThatCoverExactlyTheRange() {
        List<SubmitMessage> out = all(messages(SubmitKind.RDNS, 20, "198.16.0.0/12"));
        assertEquals(256, out.size());
        BigInteger expected = new BigInteger(1, CidrRange.parse("198.16.0.0/12").network());
        for (SubmitMessage m : out) {
            CidrRange block = CidrRange.parse(m.value());
            assertEquals(20, block.prefix(), m.value());
            assertEquals(expected, new BigInteger(1, block.network()), "blocks are consecutive, no gap or overlap");
            expected = expected.add(block.size());
            assertEquals(1, m.line());
        }
        assertEquals(new BigInteger(1, CidrRange.parse("198.32.0.0/32").network()), expected, "ends where the /12 ends");
    }

    @Test
    void aRangeNoLargerThanABlockIsOneMessageAsWritten() {
        List<SubmitMessage> out = all(messages(SubmitKind.RDNS, 20, "198.51.100.7/24", "198.18.0.0/20"));
        assertEquals(List.of("198.51.100.7/24", "198.18.0.0/20"), out.stream().map(SubmitMessage::value).toList());
    }

    @Test
    void aSlash8Gives4096BlocksLazily() {
        Iterator<SubmitMessage> it = messages(SubmitKind.RDNS, 20, "10.0.0.0/8", "192.0.2.1");
        long blocks = LongStream.range(0, 4096).filter(i -> it.next().line() == 1).count();
        assertEquals(4096, blocks);
        assertEquals("192.0.2.1", it.next().value());
        assertFalse(it.hasNext());
    }

    @Test
    void ipv6RangesAreCutIntoBlocksOfAsManyAddressesAsTheIpv4Block() {
        assertEquals(116, SubmitMessages.blockPrefix6(20));
        List<SubmitMessage> out = all(messages(SubmitKind.RDNS, 20, "2001:db8::/112"));
        assertEquals(16, out.size());
        assertEquals("2001:db8:0:0:0:0:0:0/116", out.get(0).value());
        assertEquals("2001:db8:0:0:0:0:0:f000/116", out.get(15).value());
    }

    @Test
    void invalidLinesAreSentAsTheyAreAndBlankAndCommentLinesAreSkipped() {
        SubmitMessages it = messages(SubmitKind.RDNS, 20, "not an address", "", "# comment", "198.18.0.0/99", " 2001:db8::1 ");
        List<SubmitMessage> out = all(it);
        assertEquals(List.of("not an address", "198.18.0.0/99", " 2001:db8::1 "), out.stream().map(SubmitMessage::value).toList());
        assertEquals(List.of(1L, 4L, 5L), out.stream().map(SubmitMessage::line).toList());
        assertEquals(2, it.skippedLines());
    }

    @Test
    void aLineWithAProblemKeepsItsReason() {
        SubmitMessages it = new SubmitMessages(List.of(new InputLine(1, "\ufffd", "line is not valid UTF-8")).iterator(),
                SubmitKind.DNS, 20);
        assertEquals("line is not valid UTF-8", it.next().problem());
    }

    @Test
    void everyUrlOfAHostHasTheHostsKeyAndOtherLinesAHashOfTheLine() {
        List<SubmitMessage> out = all(messages(SubmitKind.HTTP, 20, "http://a.example/1", "HTTP://A.example:80/2",
                "http://a.example:8080/3", "https://a.example/4", "ftp://nope/", "ftp://nope/"));
        assertArrayEquals(out.get(0).key(), out.get(1).key(), "same scheme, host and port");
        assertFalse(Arrays.equals(out.get(0).key(), out.get(2).key()), "another port");
        assertFalse(Arrays.equals(out.get(0).key(), out.get(3).key()), "another scheme");
        assertArrayEquals(MessageKeys.hash("ftp://nope/"), out.get(4).key());
        assertArrayEquals(out.get(4).key(), out.get(5).key());
        assertNull(out.get(0).problem());
    }

    @Test
    void dnsLinesAreKeyedByAHashOfTheLineAndRangesAreNotCut() {
        List<SubmitMessage> out = all(messages(SubmitKind.DNS, 20, "www.bulkfetch.test", "198.16.0.0/12"));
        assertEquals(2, out.size());
        assertArrayEquals(MessageKeys.hash("www.bulkfetch.test"), out.get(0).key());
    }
}
