package dev.bulkfetch.dns;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReverseNameAndCidrTest {

    @Test
    void ipv4ReverseNameReversesOctets() {
        assertEquals("4.3.2.1.in-addr.arpa.", ReverseName.of(IpLiteral.parse("1.2.3.4")));
        assertEquals("0.0.0.0.in-addr.arpa.", ReverseName.of(IpLiteral.parse("0.0.0.0")));
    }

    @Test
    void ipv6ReverseNameHasThirtyTwoNibbles() {
        assertEquals("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.",
                ReverseName.of(IpLiteral.parse("2001:db8::1")));
    }

    @Test
    void ipLiteralsAreParsedWithoutLookupsAndJunkIsRefused() {
        assertArrayEquals(new byte[] {(byte) 198, 18, 0, 1}, IpLiteral.parse("198.18.0.1"));
        assertEquals(16, IpLiteral.parse("::ffff:1.2.3.4").length);
        for (String bad : List.of("", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-1", "example.com",
                "a:b:c", ".:", "1::2::3", "fe80::1%eth0", "[::1]", "1.2.3.4 ")) {
            assertNull(IpLiteral.parse(bad), bad);
        }
    }

    @Test
    void prefixLengthsInOtherDigitsThanAsciiAreRefused() {
        // Arabic-Indic and fullwidth digits: Character.isDigit says yes, Integer.parseInt reads 24
        for (String bad : List.of("10.0.0.0/\u0662\u0664", "10.0.0.0/\uFF12\uFF14", "2001:db8::/\u0661\u0662\u0660")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CidrRange.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("bad prefix length"), e.getMessage());
        }
        assertEquals(24, CidrRange.parse("10.0.0.0/024").prefix());
    }

    @Test
    void ipv4MappedRangesStayIpv6() {
        CidrRange mapped = CidrRange.parse("::ffff:7.82.60.21/118");
        assertTrue(mapped.networkAddress() instanceof java.net.Inet6Address, mapped.networkAddress().toString());
        assertEquals("0:0:0:0:0:ffff:752:3c00/118", mapped.toString());
        assertEquals(mapped, CidrRange.parse(mapped.toString()), "a range parses back from its text");
        assertEquals(BigInteger.valueOf(1024), mapped.size());
        assertEquals(16, mapped.iterator().next().length);
    }

    @Test
    void slash32AndSlash31HoldOneAndTwoAddresses() {
        assertEquals(List.of("10.0.0.7"), addresses("10.0.0.7/32"));
        assertEquals(List.of("10.0.0.6", "10.0.0.7"), addresses("10.0.0.7/31"));
    }

    @Test
    void hostBitsAreClearedAndRangesCrossOctetBoundaries() {
        List<String> a = addresses("198.18.0.255/23");
        assertEquals(512, a.size());
        assertEquals("198.18.0.0", a.get(0));
        assertEquals("198.18.1.0", a.get(256));
        assertEquals("198.18.1.255", a.get(511));
    }

    @Test
    void slashZeroIsSizedButNeverMaterialised() {
        CidrRange all = CidrRange.parse("0.0.0.0/0");
        assertEquals(BigInteger.ONE.shiftLeft(32), all.size());
        Iterator<byte[]> it = all.iterator();
        assertArrayEquals(new byte[] {0, 0, 0, 0}, it.next());
        assertArrayEquals(new byte[] {0, 0, 0, 1}, it.next());
        assertEquals(BigInteger.ONE.shiftLeft(128), CidrRange.parse("::/0").size());
    }

    @Test
    void ipv6RangeEnumeratesInOrder() {
        List<String> a = addresses("2001:db8::/126");
        assertEquals(List.of("2001:db8::", "2001:db8::1", "2001:db8::2", "2001:db8::3"), a);
    }

    @Test
    void lastAddressOfTheSpaceDoesNotWrap() {
        assertEquals(List.of("255.255.255.254", "255.255.255.255"), addresses("255.255.255.254/31"));
    }

    @Test
    void malformedRangesAreRefusedWithAReason() {
        for (String bad : List.of("1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", "1.2.3/8", "::/129", "1.2.3.4/8/8",
                "1.2.3.4/x", "host/24")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CidrRange.parse(bad), bad);
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void reverseNamesAreRecognised() {
        assertTrue(ReverseName.isReverseName("1.0.18.198.IN-ADDR.ARPA."));
        assertTrue(ReverseName.isReverseName("b.a.ip6.arpa"));
        assertFalse(ReverseName.isReverseName("in-addr.arpa.example.com"));
    }

    private static List<String> addresses(String cidr) {
        List<String> out = new ArrayList<>();
        for (byte[] a : CidrRange.parse(cidr)) {
            out.add(a.length == 4 ? (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF)
                    : Ipv6Text.format(a));
        }
        return out;
    }
}
