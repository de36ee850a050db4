package dev.bulkfetch.dns;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.io.DnsTarget;
import dev.bulkfetch.io.DnsTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import dev.bulkfetch.property.Shrink;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of what {@code rdns} reads: addresses, CIDR ranges and reverse names. Any line gives
 * PTR questions or one INVALID_INPUT target, never an exception; a range yields exactly its addresses,
 * in order, each once, all inside it; reverse names of addresses read back as the address.
 */
class CidrPropertiesTest {
    private static final long MAX_PER_RANGE = 1024;

    @Test
    void anyLineGivesPtrQuestionsOrOneInvalidInputTarget() {
        Property.Outcomes o = Property.forAll("rdns targets from any line", CidrPropertiesTest::addressish)
                .tries(2000)
                .shrinking(Shrink::string)
                .check(line -> {
                    String input = line.replace('\n', ' ').replace('\r', ' ');
                    List<DnsTarget> targets = reverseTargets(input);
                    if (input.isBlank() || input.strip().startsWith("#")) {
                        assertTrue(targets.isEmpty());
                        return "skipped";
                    }
                    assertTrue(!targets.isEmpty(), "every line gives a target");
                    if (targets.size() == 1 && targets.get(0).error() != null) {
                        assertEquals(ErrorKind.INVALID_INPUT, targets.get(0).error().kind());
                        assertNull(targets.get(0).question());
                        assertTrue(!targets.get(0).error().message().isBlank());
                        return "invalid";
                    }
                    for (DnsTarget t : targets) {
                        assertNull(t.error(), t.toString());
                        assertEquals(DnsRecordType.PTR, t.question().type());
                        assertTrue(ReverseName.isReverseName(t.question().name()), t.toString());
                        DnsName.toWire(t.question().name()); // a name the engine can send
                    }
                    String text = input.strip();
                    if (text.indexOf('/') >= 0) {
                        CidrRange range = CidrRange.parse(text);
                        assertEquals(range.size(), BigInteger.valueOf(targets.size()), "one question per address");
                        assertCanonical(text);
                        return "range";
                    }
                    assertEquals(1, targets.size());
                    byte[] address = IpLiteral.parse(text);
                    if (address != null) {
                        assertEquals(ReverseName.of(address), targets.get(0).question().name());
                        assertCanonical(text);
                        return "address";
                    }
                    return "reverse name";
                });
        assertTrue(o.count("invalid") > 300 && o.count("range") > 5 && o.count("address") > 50
                && o.count("reverse name") > 5, o.toString());
    }

    @Test
    void blocksOfARangeFollowEachOtherAndCoverExactlyTheRange() {
        // what submit cuts a range into: every range, from a /0, into at most 4,096 blocks
        Property.forAll("ranges and block prefixes", r -> {
            byte[] address = new byte[r.nextBoolean() ? 16 : 4];
            Gen.fill(r, address);
            int prefix = Gen.between(r, 0, address.length * 8);
            int block = Gen.between(r, Math.max(0, prefix - 4), Math.min(address.length * 8, prefix + 12));
            return new CidrRange(address, prefix) + " /" + block;
        }).tries(1500).check(spec -> {
            CidrRange range = CidrRange.parse(spec.substring(0, spec.indexOf(' ')));
            int block = Integer.parseInt(spec.substring(spec.indexOf('/', spec.indexOf(' ')) + 1));
            BigInteger next = new BigInteger(1, range.network());
            long count = 0;
            for (Iterator<CidrRange> it = range.blocks(block); it.hasNext(); count++) {
                CidrRange b = it.next();
                assertEquals(Math.max(block, range.prefix()), b.prefix(), b.toString());
                assertEquals(next, new BigInteger(1, b.network()), "consecutive, no gap or overlap: " + b);
                next = next.add(b.size());
            }
            assertEquals(range.blockCount(block), BigInteger.valueOf(count));
            assertEquals(new BigInteger(1, range.network()).add(range.size()), next, "ends where the range ends");
            return block <= range.prefix() ? "one block" : "cut";
        });
    }

    @Test
    void rangesIterateEachOfTheirAddressesOnceInOrder() {
        Property.forAll("small ranges", r -> {
            boolean v6 = r.nextBoolean();
            byte[] address = new byte[v6 ? 16 : 4];
            Gen.fill(r, address);
            if (v6 && Gen.chance(r, 0.15)) {
                // IPv4-mapped (::ffff:a.b.c.d): the JDK turns such bytes into an Inet4Address
                Arrays.fill(address, 0, 10, (byte) 0);
                address[10] = (byte) 0xFF;
                address[11] = (byte) 0xFF;
            }
            int hostBits = Gen.size(r, 10);
            int prefix = address.length * 8 - hostBits;
            String zero = prefix < 100 && Gen.chance(r, 0.1) ? "0" : ""; // "/024" is read as 24
            return new Object[] {address, prefix, text(r, address) + "/" + zero + prefix};
        }).tries(1500).show(a -> (String) a[2]).check(a -> {
            byte[] address = (byte[]) a[0];
            int prefix = (Integer) a[1];
            CidrRange range = CidrRange.parse((String) a[2]);
            assertEquals(new CidrRange(address, prefix), range);
            int hostBits = address.length * 8 - prefix;
            assertEquals(BigInteger.ONE.shiftLeft(hostBits), range.size());
            BigInteger first = new BigInteger(1, range.network());
            assertEquals(new BigInteger(1, address).shiftRight(hostBits).shiftLeft(hostBits), first,
                    "the network is the address with its host bits cleared");
            Iterator<byte[]> it = range.iterator();
            BigInteger expected = first;
            for (long i = 0; i < (1L << hostBits); i++) {
                assertTrue(it.hasNext());
                byte[] next = it.next();
                assertEquals(address.length, next.length);
                assertEquals(expected, new BigInteger(1, next), "address " + i + ": in order, each once, inside");
                expected = expected.add(BigInteger.ONE);
            }
            assertTrue(!it.hasNext(), "no address after the last");
            assertEquals(range, CidrRange.parse(range.toString()), "a range parses back from its text");
            return address.length == 4 ? "v4" : "v6";
        });
    }

    @Test
    void reverseNamesOfAddressesReadBackAsTheAddress() {
        Property.forAll("reverse names", r -> {
            byte[] a = new byte[r.nextBoolean() ? 4 : 16];
            if (Gen.chance(r, 0.3)) {
                Arrays.fill(a, (byte) (int) Gen.pick(r, 0, 255));
            } else {
                Gen.fill(r, a);
            }
            return a;
        }).tries(2000).check(address -> {
            String name = ReverseName.of(address);
            assertArrayEquals(address, addressOf(name), name);
            String relative = name.substring(0, name.length() - 1);
            assertTrue(ReverseName.isReverseName(name) && ReverseName.isReverseName(relative.toUpperCase(Locale.ROOT)));
            DnsName.toWire(name);
            String text = address.length == 4 ? dotted(address) : Ipv6Text.format(address);
            assertArrayEquals(address, IpLiteral.parse(text), text);
            List<DnsTarget> viaInput = reverseTargets(text);
            assertEquals(1, viaInput.size());
            assertEquals(name, viaInput.get(0).question().name());
            List<DnsTarget> viaName = reverseTargets(name);
            assertEquals(name, viaName.get(0).question().name(), "a reverse name is asked as it is");
            return address.length == 4 ? "v4" : "v6";
        });
    }

    private static List<DnsTarget> reverseTargets(String line) {
        List<DnsTarget> out = new ArrayList<>();
        DnsTargets.reverse(new InputArguments(List.of("-"),
                new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8))), MAX_PER_RANGE)
                .forEachRemaining(out::add);
        return out;
    }

    /** What was accepted as an address or range is written the way addresses are: ASCII only. */
    private static void assertCanonical(String text) {
        assertTrue(text.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || ":./".indexOf(c) >= 0)),
                () -> "accepted as an address or range: " + Property.Show.string(text));
    }

    /** The address a fully qualified in-addr.arpa or ip6.arpa name stands for, read independently of ReverseName. */
    private static byte[] addressOf(String fqdn) {
        assertTrue(fqdn.endsWith("."), fqdn);
        String name = fqdn.substring(0, fqdn.length() - 1);
        String[] labels = name.split("\\.");
        if (name.endsWith(".in-addr.arpa")) {
            assertEquals(6, labels.length, name);
            byte[] a = new byte[4];
            for (int i = 0; i < 4; i++) {
                a[3 - i] = (byte) Integer.parseInt(labels[i]);
            }
            return a;
        }
        assertTrue(name.endsWith(".ip6.arpa"), name);
        assertEquals(34, labels.length, name);
        byte[] a = new byte[16];
        for (int i = 0; i < 32; i++) {
            assertEquals(1, labels[i].length(), name);
            int nibble = Character.digit(labels[i].charAt(0), 16);
            int byteIndex = 15 - i / 2;
            a[byteIndex] |= (byte) (i % 2 == 0 ? nibble : nibble << 4);
        }
        return a;
    }

    private static String dotted(byte[] a) {
        return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
    }

    /** An address in one of the ways people write it: compressed, full, upper case, with an IPv4 tail. */
    private static String text(SplittableRandom r, byte[] a) {
        if (a.length == 4) {
            return dotted(a);
        }
        switch (r.nextInt(4)) {
            case 0 -> {
                return Ipv6Text.format(a);
            }
            case 1 -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 16; i += 2) {
                    sb.append(i > 0 ? ":" : "").append(String.format("%04x", (a[i] & 0xFF) << 8 | (a[i + 1] & 0xFF)));
                }
                return sb.toString();
            }
            case 2 -> {
                return Ipv6Text.format(a).toUpperCase(Locale.ROOT);
            }
            default -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 12; i += 2) {
                    sb.append(Integer.toHexString((a[i] & 0xFF) << 8 | (a[i + 1] & 0xFF))).append(':');
                }
                return sb.append(dotted(Arrays.copyOfRange(a, 12, 16))).toString();
            }
        }
    }

    /**
     * Lines an rdns list may hold: addresses and ranges (valid, out of range, leading zeros, prefixes
     * too long, negative, in non-ASCII digits), reverse names, names, and random text.
     */
    private static String addressish(SplittableRandom r) {
        if (Gen.chance(r, 0.15)) {
            return Gen.anyString(r, 60);
        }
        String address = switch (r.nextInt(8)) {
            case 0, 1 -> {
                byte[] a = new byte[4];
                Gen.fill(r, a);
                yield dotted(a);
            }
            case 2, 3 -> {
                byte[] a = new byte[16];
                for (int i = 0; i < 16; i++) {
                    a[i] = Gen.chance(r, 0.5) ? 0 : (byte) r.nextInt(256);
                }
                yield text(r, a);
            }
            case 4 -> Gen.pick(r, "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "::ffff:1.2.3.4", "1::2::3", "fe80::1%eth0",
                    "[::1]", "::", "0.0.0.0", "١.٢.٣.٤", "１.２.３.４", "1.2.3.4 ", " 1.2.3.4", "0x7f.0.0.1", "127.1", ":::",
                    "1:2:3:4:5:6:7:8:9", "g::1", "::1.2.3.4.5", "1.2.3.4:80");
            case 5 -> Gen.pick(r, "4.3.2.1.in-addr.arpa", "4.3.2.1.in-addr.arpa.", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
                    + ".0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "0/25.2.0.192.in-addr.arpa", "in-addr.arpa", "x.IN-ADDR.ARPA",
                    ".in-addr.arpa", "a..in-addr.arpa", "é.in-addr.arpa", ("a".repeat(64) + ".in-addr.arpa"),
                    ("a".repeat(60) + ".").repeat(5) + "in-addr.arpa");
            case 6 -> Gen.from(r, "0123456789abcdef:./", 0, 30);
            default -> Gen.pick(r, "example.com", "", "#comment", "   ", "-");
        };
        StringBuilder sb = new StringBuilder(address);
        if (Gen.chance(r, 0.5)) {
            sb.append('/').append(Gen.pick(r, "", "0", "8", "24", "31", "32", "33", "64", "120", "127", "128", "129", "-1",
                    "+8", "٢٤", "０", "0024", "2 4", "1000", "24/24", String.valueOf(r.nextInt(140))));
        }
        if (Gen.chance(r, 0.1)) {
            sb.insert(r.nextInt(sb.length() + 1), Gen.anyChar(r));
        }
        return sb.toString();
    }

    @Test
    void everyLineOfAnyInputGivesTargetsInLineOrder() {
        Property.forAll("rdns input bytes", r -> {
            StringBuilder sb = new StringBuilder();
            for (int i = Gen.size(r, 10); i > 0; i--) {
                sb.append(addressish(r)).append(Gen.pick(r, "\n", "\r\n"));
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (Gen.chance(r, 0.3) && b.length > 0) {
                b[r.nextInt(b.length)] = (byte) 0xFF; // not UTF-8
            }
            return b;
        }).tries(1000).shrinking(Shrink::bytes).check(input -> {
            List<DnsTarget> out = new ArrayList<>();
            DnsTargets.reverse(new InputArguments(List.of("-"), new ByteArrayInputStream(input)), MAX_PER_RANGE)
                    .forEachRemaining(out::add);
            long last = 0;
            for (DnsTarget t : out) {
                assertTrue(t.line() >= last, "targets come in line order");
                last = t.line();
                assertTrue((t.question() == null) != (t.error() == null), t.toString());
                assertNotNull(t.input());
            }
            return out.isEmpty() ? "none" : "some";
        });
    }
}
