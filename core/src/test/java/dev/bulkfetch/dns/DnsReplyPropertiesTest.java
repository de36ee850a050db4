package dev.bulkfetch.dns;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import dev.bulkfetch.property.Shrink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property tests of what the engine does with a reply datagram (id, question check, in-place parse,
 * CNAME chain): random and mutated bytes end as a counted outcome (short, wrong question, malformed)
 * or as records that are well-formed names and printable data, never as another exception and never
 * slowly; valid replies parse to exactly the records they were made from.
 */
class DnsReplyPropertiesTest {

    /** The outcome of one datagram, as {@link DnsEngine} counts it, and what an accepted one held. */
    private record Handled(String outcome, DnsReply reply, CnameChain chain) {
    }

    /**
     * The steps {@link DnsEngine} takes with a datagram whose id matched a query asking {@code asked}
     * for {@code qtype}; a {@link MalformedReplyException} is the one exception the engine expects
     * (it counts it), anything else escaping here fails the property.
     */
    /**
     * One reader for every datagram of a test, as the engine keeps one per loop: what a longer earlier
     * datagram left in its array must not leak into the parse of the next.
     */
    private static final ThreadLocal<DnsReplyReader> READER = ThreadLocal.withInitial(DnsReplyReader::new);

    private static Handled handle(byte[] datagram, String asked, int qtype) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        DnsReplyReader reader = READER.get();
        if (reader.load(buf) < 0) {
            return new Handled("short", null, null);
        }
        byte[] qname = DnsName.toWire(asked);
        if (!reader.answersQuestion(qname, qtype)) {
            return new Handled("wrong-question", null, null);
        }
        String owner = CnameChain.ownerKey(asked);
        DnsReply reply;
        try {
            reply = reader.parse(qname, owner);
        } catch (MalformedReplyException e) {
            return new Handled("malformed", null, null);
        }
        assertEquals(0, buf.readerIndex(), "loading leaves the datagram as it was");
        CnameChain chain = CnameChain.follow(owner, qtype, reply.answers());
        return new Handled("accepted", reply, chain);
    }

    @Test
    void validRepliesParseToTheRecordsTheyWereMadeOf() {
        Property.forAll("valid replies", r -> GeneratedReply.generate(r, true))
                .tries(1500)
                .show(g -> g.encoder() + " reply to " + g.asked() + "/" + g.qtype() + ": "
                        + Property.Show.bytes(g.wire()) + "\n  expected " + g.expected())
                .check(g -> {
                    Handled h = handle(g.wire(), g.asked(), g.qtype());
                    assertEquals("accepted", h.outcome());
                    List<DnsRecord> got = h.reply().answers();
                    assertEquals(g.expected().size(), got.size(), () -> "records: " + got);
                    for (int i = 0; i < got.size(); i++) {
                        DnsRecord want = g.expected().get(i);
                        DnsRecord have = got.get(i);
                        if (want.type() == DnsRecordType.AAAA) {
                            assertEquals(want.owner(), have.owner());
                            assertEquals(want.ttl(), have.ttl());
                            assertRfc5952(have.data());
                            assertArrayEquals(IpLiteral.parse(want.data()), IpLiteral.parse(have.data()), have.data());
                        } else {
                            assertEquals(want, have);
                        }
                        assertWellFormed(have);
                    }
                    return g.encoder() + (h.reply().truncated() ? "-truncated" : "");
                });
    }

    @Test
    void arbitraryBytesAreCountedOrParsedNeverThrown() {
        Property.Outcomes o = datagramsNeverThrow("arbitrary bytes", DnsReplyPropertiesTest::arbitraryDatagram);
        assertTrue(o.count("malformed") > 0 && o.count("accepted") > 0, "the generator reaches the parser: " + o);
    }

    @Test
    void mutatedRepliesAreCountedOrParsedNeverThrown() {
        Property.Outcomes o = datagramsNeverThrow("mutated replies", DnsReplyPropertiesTest::mutatedDatagram);
        assertTrue(o.count("malformed") > 200 && o.count("accepted") > 200, "mutations reach both ends: " + o);
    }

    /** Feeds generated datagrams to the reply handling: each is dropped as malformed or parsed well-formed. */
    private static Property.Outcomes datagramsNeverThrow(String name, Property.Generator<Datagram> datagrams) {
        return Property.forAll(name, datagrams)
                .tries(2000)
                .timeLimit(java.time.Duration.ofSeconds(2))
                .shrinking(d -> Shrink.bytes(d.bytes()).stream().map(b -> new Datagram(d.asked(), d.qtype(), b)).toList())
                .check(d -> {
                    Handled h = handle(d.bytes(), d.asked(), d.qtype());
                    if (h.reply() != null) {
                        assertAcceptedIsWellFormed(d.bytes(), h);
                    }
                    return h.outcome();
                });
    }

    @Test
    void namesAreAcceptedUpTo255BytesAndRefusedBeyond() {
        Property.Outcomes o = Property.forAll("names at the length limit", r -> {
            int length = Gen.between(r, 250, 262);
            GeneratedReply.Name n = GeneratedReply.longName(r, length, Gen.chance(r, 0.3));
            boolean asOwner = r.nextBoolean();
            // the long name as the owner of an A record, or as the target of a CNAME owned by the question
            ReplyBytes b = ReplyBytes.answerHeader(7, 0, 1).question("q.test", asOwner ? DnsRecordType.A
                    : DnsRecordType.CNAME);
            byte[] wire = asOwner
                    ? GeneratedReply.concat(b.bytes(), GeneratedReply.plainWire(n),
                            new ReplyBytes().u16(DnsRecordType.A).u16(1).u32(60).u16(4).raw(new byte[] {1, 2, 3, 4}).bytes())
                    : b.pointer(12).rr(DnsRecordType.CNAME, 60, GeneratedReply.plainWire(n)).bytes();
            return new Datagram("q.test", asOwner ? DnsRecordType.A : DnsRecordType.CNAME, wire, length);
        }).tries(500).check(d -> {
            Handled h = handle(d.bytes(), d.asked(), d.qtype());
            if (d.nameLength() <= 255) {
                assertEquals("accepted", h.outcome(), "a name of " + d.nameLength() + " bytes is valid");
                assertAcceptedIsWellFormed(d.bytes(), h);
            } else {
                assertEquals("malformed", h.outcome(), "a name of " + d.nameLength() + " bytes is over the limit");
            }
            return d.nameLength() <= 255 ? "valid" : "too long";
        });
        assertTrue(o.count("valid") > 0 && o.count("too long") > 0, o.toString());
    }

    @Test
    void theEngineSurvivesMutatedRepliesAndStillAnswersInTime() throws Exception {
        AtomicReference<Long> recipe = new AtomicReference<>(0L);
        try (ScriptedResolver server = new ScriptedResolver((q, s) -> {
            // the same recipe for every attempt of one question: the try is reproducible from its seed
            SplittableRandom r = new SplittableRandom(recipe.get() ^ q.name().hashCode());
            GeneratedReply genuine;
            do {
                genuine = GeneratedReply.generate(r, q.name(), q.type(), q.id(), true);
            } while (genuine.wire().length > 1232 || genuine.wire()[2] != (byte) 0x85); // fits the EDNS size, no TC
            byte[] mutated = mutate(r, genuine);
            if (mutated.length > 2) {
                // no TC: this resolver has no TCP side, and a refused TCP connect is only noticed at the
                // attempt's deadline (the reader's own properties cover TC replies)
                mutated[2] &= (byte) ~0x02;
            }
            s.send(mutated, q.from());
            s.send(genuine.wire(), q.from());
        });
             EngineFixture f = new EngineFixture(List.of(server.address()), b -> b.retries(2))) {
            Set<ErrorKind> allowed = EnumSet.of(ErrorKind.DNS_SERVFAIL, ErrorKind.DNS_REFUSED, ErrorKind.DNS_ERROR,
                    ErrorKind.DNS_TIMEOUT);
            int[] n = {0};
            Property.forAll("engine with a mutating resolver", r -> r.nextLong())
                    .tries(500)
                    .timeLimit(java.time.Duration.ofSeconds(10))
                    .check(seed -> {
                        recipe.set(seed);
                        int type = Gen.pick(new SplittableRandom(seed), DnsRecordType.A, DnsRecordType.AAAA,
                                DnsRecordType.PTR, DnsRecordType.MX, DnsRecordType.TXT, DnsRecordType.ANY);
                        long start = System.nanoTime();
                        DnsAnswer a = f.engine.query(new DnsQuestion("n" + (n[0]++) + ".prop.test", type))
                                .get(5, TimeUnit.SECONDS);
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        // 3 attempts of 200 ms at most, plus scheduling slack
                        assertTrue(millis < 2_000, "answered after " + millis + " ms");
                        assertNotNull(a);
                        if (a.error() != null) {
                            assertTrue(allowed.contains(a.error().kind()), a.error().toString());
                        }
                        for (DnsRecord rec : a.records()) {
                            assertWellFormed(rec);
                        }
                        assertEquals(0, f.engine.stats().socketErrors(), "an exception escaped the reply handler");
                        return a.error() == null ? "answered" : a.error().kind().name();
                    });
            DnsEngineStats st = f.engine.stats();
            assertEquals(0, st.socketErrors());
            assertTrue(st.malformed() > 0 && st.accepted() >= 500, st.toString());
        }
    }

    /** RFC 5952 section 4: lower case, no leading zeros, at most one "::" and never for one group. */
    private static void assertRfc5952(String text) {
        assertEquals(text.toLowerCase(java.util.Locale.ROOT), text);
        int dc = text.indexOf("::");
        assertTrue(dc < 0 || text.indexOf("::", dc + 1) < 0, text);
        String[] groups = text.split(":", -1);
        for (String g : groups) {
            assertTrue(g.length() <= 4 && (g.length() <= 1 || g.charAt(0) != '0'), text);
        }
        if (dc >= 0) {
            long written = Arrays.stream(groups).filter(g -> !g.isEmpty()).count();
            assertTrue(written <= 6, "'::' stands for two or more zero groups: " + text);
        }
    }

    /** A datagram for a query asking {@code asked} for {@code qtype}; nameLength is for the limit property. */
    private record Datagram(String asked, int qtype, byte[] bytes, int nameLength) {
        Datagram(String asked, int qtype, byte[] bytes) {
            this(asked, qtype, bytes, -1);
        }

        @Override
        public String toString() {
            return "reply to " + asked + "/" + qtype + ": " + Property.Show.bytes(bytes);
        }
    }

    private static Datagram arbitraryDatagram(SplittableRandom r) {
        String asked = "a.test";
        int qtype = DnsRecordType.A;
        if (Gen.chance(r, 0.3)) {
            return new Datagram(asked, qtype, Gen.bytes(r, 600));
        }
        // a header and question that pass the question check, then anything: the parser's input
        byte[] head = ReplyBytes.header(1, 0x8000 | r.nextInt(0x0800), 1, Gen.size(r, 0xFFFF), r.nextInt(3),
                r.nextInt(3)).question(asked, qtype).bytes();
        return new Datagram(asked, qtype, GeneratedReply.concat(head, Gen.bytes(r, 600)));
    }

    private static Datagram mutatedDatagram(SplittableRandom r) {
        GeneratedReply g = GeneratedReply.generate(r, true);
        return new Datagram(g.asked(), g.qtype(), mutate(r, g));
    }

    /**
     * One to three mutations of a valid reply: bit flips, truncation, compression pointers sent to
     * themselves, forward, out of the packet or into the header, inflated counts, label lengths over
     * 63 (the reserved label types), names over 255 bytes, inserted and deleted bytes.
     */
    static byte[] mutate(SplittableRandom r, GeneratedReply g) {
        byte[] b = g.wire().clone();
        int question = DnsReplyReader.HEADER + DnsName.toWire(g.asked()).length + 4;
        for (int m = Gen.between(r, 1, 3); m > 0; m--) {
            // most mutations hit past the question, where the parser (not the question check) must cope
            int from = b.length > question && Gen.chance(r, 0.85) ? question : 0;
            switch (r.nextInt(11)) {
                case 0 -> {
                    for (int k = Gen.between(r, 1, 4); k > 0 && b.length > from; k--) {
                        int at = Gen.between(r, from, b.length - 1);
                        b[at] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > from) {
                        b[Gen.between(r, from, b.length - 1)] = (byte) r.nextInt(256);
                    }
                }
                case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 3, 4 -> {
                    int at = pointerSite(r, g, b);
                    if (at >= 0) {
                        int target = switch (r.nextInt(5)) {
                            case 0 -> at; // itself
                            case 1 -> Gen.between(r, at, Math.max(at, b.length - 1)); // forward
                            case 2 -> Gen.between(r, b.length, 0x3FFF); // out of the packet
                            case 3 -> r.nextInt(DnsReplyReader.HEADER); // into the header
                            default -> g.pointers().isEmpty() ? at : Gen.pick(r, g.pointers()); // onto a pointer
                        };
                        b[at] = (byte) (0xC0 | (target >>> 8 & 0x3F));
                        b[at + 1] = (byte) target;
                    }
                }
                case 5 -> {
                    if (b.length >= 8) {
                        int count = Gen.pick(r, 0xFFFF, ((b[6] & 0xFF) << 8 | (b[7] & 0xFF)) + Gen.between(r, 1, 3),
                                r.nextInt(0x10000));
                        b[6] = (byte) (count >>> 8);
                        b[7] = (byte) count;
                    }
                }
                case 6 -> {
                    int at = nameSite(r, g, b);
                    if (at >= 0) {
                        b[at] = (byte) Gen.between(r, 64, 191); // 0x40 and 0x80 label types
                    }
                }
                case 7 -> {
                    int at = nameSite(r, g, b);
                    if (at >= 0) {
                        // prefix labels that push the name past 255 bytes
                        byte[] labels = GeneratedReply.plainWire(GeneratedReply.longName(r, Gen.between(r, 200, 300), true));
                        b = GeneratedReply.concat(Arrays.copyOf(b, at), Arrays.copyOf(labels, labels.length - 1),
                                Arrays.copyOfRange(b, at, b.length));
                    }
                }
                case 8 -> {
                    int at = r.nextInt(b.length + 1);
                    b = GeneratedReply.concat(Arrays.copyOf(b, at), Gen.bytes(r, 8), Arrays.copyOfRange(b, at, b.length));
                }
                case 9 -> {
                    if (b.length > from) {
                        int at = Gen.between(r, from, b.length - 1);
                        int len = Gen.between(r, 1, Math.min(8, b.length - at));
                        b = GeneratedReply.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, b.length));
                    }
                }
                default -> {
                    if (b.length >= 4) {
                        b[2] ^= 0x02; // the TC bit: a cut reply, or a whole one that says it is cut
                        b[3] = (byte) ((b[3] & 0xF0) | r.nextInt(16));
                    }
                }
            }
        }
        return b;
    }

    /** Where two bytes of a name can become a pointer: a known pointer or name start, or anywhere. */
    private static int pointerSite(SplittableRandom r, GeneratedReply g, byte[] b) {
        List<Integer> sites = new ArrayList<>(g.pointers());
        sites.addAll(g.nameStarts());
        sites.removeIf(p -> p + 1 >= b.length);
        if (!sites.isEmpty() && Gen.chance(r, 0.9)) {
            return Gen.pick(r, sites);
        }
        return b.length >= 2 ? r.nextInt(b.length - 1) : -1;
    }

    private static int nameSite(SplittableRandom r, GeneratedReply g, byte[] b) {
        List<Integer> sites = new ArrayList<>(g.nameStarts());
        sites.removeIf(p -> p >= b.length);
        return sites.isEmpty() ? -1 : Gen.pick(r, sites);
    }

    /** What must hold for any reply the engine accepts, however it was made. */
    private static void assertAcceptedIsWellFormed(byte[] datagram, Handled h) {
        int ancount = (datagram[6] & 0xFF) << 8 | (datagram[7] & 0xFF);
        List<DnsRecord> answers = h.reply().answers();
        assertTrue(answers.size() <= ancount, "no more records than the header promises");
        for (DnsRecord rec : answers) {
            assertWellFormed(rec);
        }
        assertTrue(answers.containsAll(h.chain().records()), "the chain's records come from the answers");
        assertTrue(h.chain().targets().size() <= answers.size(), "each CNAME hop uses up a record");
    }

    /**
     * A record is safe to print and to use: its owner is a lower-case name of at most 255 bytes with
     * labels of at most 63, and its data is printable ASCII (a control byte from a hostile server must
     * not reach a line-based output as a line break).
     */
    static void assertWellFormed(DnsRecord rec) {
        assertValidName(rec.owner(), rec);
        assertEquals(rec.owner().toLowerCase(java.util.Locale.ROOT), rec.owner(), "owners are lower case");
        assertTrue(rec.ttl() >= 0 && rec.ttl() <= 0xFFFFFFFFL, rec.toString());
        for (int i = 0; i < rec.data().length(); i++) {
            char c = rec.data().charAt(i);
            if (c < 0x20 || c > 0x7E) {
                fail(String.format("record data holds the character 0x%02X: %s", (int) c, rec.data()));
            }
        }
        switch (rec.type()) {
            case DnsRecordType.NS, DnsRecordType.CNAME, DnsRecordType.PTR -> assertValidName(rec.data(), rec);
            case DnsRecordType.MX -> assertValidName(rec.data().substring(rec.data().indexOf(' ') + 1), rec);
            case DnsRecordType.A -> assertEquals(4, IpLiteral.parse(rec.data()).length, rec.toString());
            case DnsRecordType.AAAA -> assertEquals(16, IpLiteral.parse(rec.data()).length, rec.toString());
            default -> {
                // free-form data: printable is all that is required
            }
        }
    }

    /** A presentation-form name (RFC 1035 escapes, trailing dot) that encodes to a valid wire name. */
    static void assertValidName(String name, Object context) {
        assertTrue(name.endsWith("."), () -> "no trailing dot: " + context);
        if (name.equals(".")) {
            return;
        }
        int wire = 1;
        int label = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            assertTrue(c > 0x20 && c < 0x7F, () -> "unprintable name: " + context);
            if (c == '.') {
                assertTrue(label > 0, () -> "empty label: " + context);
                wire += 1 + label;
                label = 0;
                continue;
            }
            if (c == '\\') {
                String digits = name.substring(i + 1, Math.min(name.length(), i + 4));
                assertTrue(digits.length() == 3 && digits.chars().allMatch(Character::isDigit)
                        && Integer.parseInt(digits) <= 255, () -> "bad escape: " + context);
                i += 3;
            }
            label++;
            int l = label;
            assertTrue(l <= 63, () -> "label over 63 bytes: " + context);
        }
        int w = wire;
        assertTrue(w <= 255, () -> "name of " + w + " bytes, over 255: " + context);
    }
}
