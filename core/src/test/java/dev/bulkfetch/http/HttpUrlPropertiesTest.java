package dev.bulkfetch.http;

import dev.bulkfetch.error.ErrorKind;
import dev.bulkfetch.io.HttpTarget;
import dev.bulkfetch.io.HttpTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import dev.bulkfetch.property.Shrink;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of URL parsing, the first thing every input line and every Location header goes
 * through: any string gives a URL or an {@link IllegalArgumentException} (the INVALID_INPUT message),
 * never another exception; a URL that was given is what it prints (its text parses back to an equal
 * URL) and is safe to send (printable ASCII, a bounded request line); well-formed URLs keep every
 * component.
 */
class HttpUrlPropertiesTest {

    @Test
    void anyStringGivesAUrlThatParsesBackToItselfOrAnInvalidInputMessage() {
        Property.Outcomes o = Property.forAll("parse any string", HttpUrlPropertiesTest::urlish)
                .tries(2000)
                .shrinking(Shrink::string)
                .check(text -> {
                    HttpUrl url;
                    try {
                        url = HttpUrl.parse(text);
                    } catch (IllegalArgumentException e) {
                        assertNotNull(e.getMessage());
                        assertTrue(!e.getMessage().isBlank(), "an INVALID_INPUT record says why");
                        return "invalid";
                    }
                    assertSendable(url);
                    return url.literal() ? "literal" : "name";
                });
        assertTrue(o.count("invalid") > 500 && o.count("name") > 100 && o.count("literal") > 0, o.toString());
    }

    @Test
    void targetsTakenAsWrittenAreExactlyThoseTheRewriteLeavesUnchanged() {
        Property.Outcomes o = Property.forAll("path and query",
                        r -> "/" + (Gen.chance(r, 0.5) ? Gen.from(r, "/abz09.-_~%2F?=&", 0, 24)
                                : Gen.from(r, "/./..%2fA9zé?#&= \"<>{|}^`\\x", 0, 24)))
                .tries(5000)
                .shrinking(Shrink::string)
                .check(t -> {
                    int end = t.indexOf('#') < 0 ? t.length() : t.indexOf('#');
                    if (!RequestTarget.isSendableAsWritten(t, 0, end)) {
                        return "rewritten";
                    }
                    assertEquals(RequestTarget.rewritten(t, 0, end), t.substring(0, end), "taken as written: " + t);
                    HttpUrl url = HttpUrl.parse("http://h.test" + t);
                    assertEquals(t.substring(0, end), url.target());
                    return "as written";
                });
        assertTrue(o.count("as written") > 200 && o.count("rewritten") > 200, o.toString());
    }

    @Test
    void urlPrintsTheTextItWasParsedFromWhenThatIsItsCanonicalForm() {
        String canonical = "http://h.test:8080/a/b?c=d";
        assertSame(canonical, HttpUrl.parse(canonical).toString());
        java.util.Map<String, HttpUrl> recent = new java.util.HashMap<>();
        HttpUrlParser.parse("http://h.test:8080/first", recent);
        assertSame(canonical, HttpUrlParser.parse(canonical, recent).toString(), "through the recent-authority path too");
        assertEquals("http://h.test/a", HttpUrl.parse("HTTP://H.test:80/./a#frag").toString());
        assertEquals("http://h.test/a%20b", HttpUrl.parse("http://h.test/a b").toString());
    }

    @Test
    void anyLocationResolvesToAUrlThatParsesBackToItselfOrIsRefused() {
        Property.Outcomes o = Property.forAll("resolve any reference", r -> new String[] {validUrl(r).text(), urlish(r)})
                .tries(2000)
                .show(p -> "base " + Property.Show.string(p[0]) + ", location " + Property.Show.string(p[1]))
                .check(p -> {
                    HttpUrl base = HttpUrl.parse(p[0]);
                    HttpUrl next;
                    try {
                        next = base.resolve(p[1]);
                    } catch (IllegalArgumentException e) {
                        assertNotNull(e.getMessage());
                        return "refused";
                    }
                    assertSendable(next);
                    return next.origin().equals(base.origin()) ? "same origin" : "other origin";
                });
        assertTrue(o.count("refused") > 0 && o.count("same origin") > 0 && o.count("other origin") > 0, o.toString());
    }

    @Test
    void wellFormedUrlsKeepEveryComponent() {
        Property.forAll("well-formed URLs", HttpUrlPropertiesTest::validUrl)
                .tries(2000)
                .check(v -> {
                    HttpUrl url = HttpUrl.parse(v.text());
                    assertEquals(v.scheme(), url.scheme());
                    assertEquals(v.port(), url.port());
                    assertEquals(v.target(), url.target());
                    if (v.address() != null) {
                        assertArrayEquals(v.address(), url.address());
                    } else {
                        assertEquals(v.host().toLowerCase(Locale.ROOT), url.host());
                        assertNull(url.address());
                    }
                    assertSendable(url);
                    return v.address() == null ? "name" : v.address().length == 4 ? "ipv4" : "ipv6";
                });
    }

    @Test
    void anyInputBytesGiveOneTargetPerLineWithAUrlOrAnInvalidInputError() {
        Property.forAll("http targets from any bytes", r -> {
            StringBuilder sb = new StringBuilder();
            for (int i = Gen.size(r, 12); i > 0; i--) {
                sb.append(Gen.chance(r, 0.2) ? Gen.pick(r, "", "  ", "# comment", "\t") : urlish(r))
                        .append(Gen.pick(r, "\n", "\r\n", "\r"));
            }
            byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
            // invalid UTF-8 here and there, as binary junk in a list would be
            return Gen.chance(r, 0.3) ? mangle(r, text) : text;
        }).tries(1000).shrinking(Shrink::bytes).check(input -> {
            List<HttpTarget> targets = new ArrayList<>();
            HttpTargets t = HttpTargets.of(new InputArguments(List.of("-"), new ByteArrayInputStream(input)));
            t.forEachRemaining(targets::add);
            long last = 0;
            for (HttpTarget target : targets) {
                assertTrue(target.line() > last, "one target per line, in order: " + targets);
                last = target.line();
                assertTrue((target.url() == null) != (target.error() == null), target.toString());
                if (target.error() != null) {
                    assertEquals(ErrorKind.INVALID_INPUT, target.error().kind());
                } else {
                    assertSendable(target.url());
                }
            }
            return targets.isEmpty() ? "no targets" : "targets";
        });
    }

    /**
     * What holds for every URL the parser gives: its text is printable ASCII without spaces and parses
     * back to an equal URL with the same text (so a record, a log line or a resume reads it the same),
     * within the length the parser allows, and its parts are what a request is built from.
     */
    static void assertSendable(HttpUrl url) {
        String text = url.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertTrue(c > 0x20 && c < 0x7F, () -> "unsendable character in " + Property.Show.string(text));
        }
        assertTrue(text.length() <= HttpUrl.MAX_LENGTH, () -> "a URL of " + text.length() + " characters");
        HttpUrl again = HttpUrl.parse(text);
        assertEquals(url, again);
        assertEquals(text, again.toString());
        assertEquals(url.hashCode(), again.hashCode());
        assertEquals(url.scheme() + "://" + url.hostHeader(), url.origin());
        assertTrue(url.port() >= 1 && url.port() <= 65535);
        assertTrue(url.target().startsWith("/") && url.target().indexOf('#') < 0, url.target());
        String path = url.target().contains("?") ? url.target().substring(0, url.target().indexOf('?')) : url.target();
        for (String dots : List.of("/./", "/../")) {
            assertTrue(!path.contains(dots), () -> "dot segment left in " + path);
        }
        assertTrue(!path.endsWith("/.") && !path.endsWith("/.."), path);
        String host = url.host();
        assertEquals(host.toLowerCase(Locale.ROOT), host);
        if (url.literal()) {
            assertEquals(url.address().length == 4 ? 4 : 16, url.address().length);
        } else {
            String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            assertTrue(!bare.isEmpty() && bare.length() <= 253, host);
            for (String label : bare.split("\\.", -1)) {
                assertTrue(!label.isEmpty() && label.length() <= 63, host);
            }
        }
    }

    /** A well-formed URL and the components it must parse to. */
    private record Valid(String text, String scheme, String host, byte[] address, int port, String target) {
        @Override
        public String toString() {
            return Property.Show.string(text);
        }
    }

    private static final String UNRESERVED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
    private static final String SUB_DELIMS = "!$&'()*+,;=:@";

    private static Valid validUrl(SplittableRandom r) {
        String scheme = r.nextBoolean() ? "http" : "https";
        String written = Gen.chance(r, 0.2) ? scheme.toUpperCase(Locale.ROOT) : scheme;
        String host;
        byte[] address = null;
        String hostText;
        switch (r.nextInt(6)) {
            case 0 -> {
                address = new byte[4];
                Gen.fill(r, address);
                host = dotted(address);
                hostText = host;
            }
            case 1 -> {
                address = new byte[16];
                for (int i = 0; i < 16; i++) {
                    address[i] = Gen.chance(r, 0.5) ? 0 : (byte) r.nextInt(256);
                }
                host = dev.bulkfetch.dns.Ipv6Text.format(address);
                hostText = "[" + (r.nextBoolean() ? host : host.toUpperCase(Locale.ROOT)) + "]";
            }
            default -> {
                StringBuilder sb = new StringBuilder();
                for (int i = Gen.between(r, 1, 4); i > 0; i--) {
                    sb.append(sb.length() > 0 ? "." : "")
                            .append(Gen.from(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 1))
                            .append(Gen.from(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 0, 20))
                            .append(Gen.from(r, "abcdefghijklmnopqrstuvwxyz", 1, 1));
                }
                host = sb.toString();
                hostText = host;
            }
        }
        int port = Gen.chance(r, 0.5) ? HttpUrl.defaultPort(scheme) : Gen.between(r, 1, 65535);
        boolean writePort = port != HttpUrl.defaultPort(scheme) || Gen.chance(r, 0.3);
        StringBuilder path = new StringBuilder();
        for (int i = Gen.size(r, 5); i > 0; i--) {
            path.append('/');
            for (int k = Gen.between(r, 0, 12); k > 0; k--) {
                path.append(Gen.chance(r, 0.1) ? "%" + Gen.from(r, "0123456789ABCDEFabcdef", 2, 2)
                        : Gen.from(r, UNRESERVED + SUB_DELIMS, 1, 1));
            }
            if (path.toString().endsWith("/.") || path.toString().endsWith("/..")) {
                path.append('x'); // dot segments are removed: not what this property is about
            }
        }
        String target = path.length() == 0 ? "/" : path.toString();
        String query = Gen.chance(r, 0.4) ? "?" + Gen.from(r, UNRESERVED + SUB_DELIMS + "/?", 0, 20) : "";
        String fragment = Gen.chance(r, 0.2) ? "#" + Gen.from(r, UNRESERVED + "/?", 0, 10) : "";
        String text = written + "://" + hostText + (writePort ? ":" + port : "") + (path.length() == 0 && r.nextBoolean()
                ? "" : target) + query + fragment;
        return new Valid(text, scheme, host, address, port, target + query);
    }

    /**
     * Text that looks like a URL often enough to get deep into the parser: a scheme (ours, others,
     * broken), credentials, host names (IDN, long labels, bad characters), IP literals (valid, out of
     * range, leading zeros, unbracketed or zoned IPv6), ports in and out of range, paths with dot
     * segments, stray and valid percent escapes, non-ASCII, controls; or plain random text, or a very
     * long URL near the 8 KiB limit.
     */
    static String urlish(SplittableRandom r) {
        if (Gen.chance(r, 0.15)) {
            return Gen.anyString(r, 80);
        }
        StringBuilder sb = new StringBuilder();
        if (Gen.chance(r, 0.1)) {
            sb.append(Gen.pick(r, " ", "\t", "\u00A0", "\u3000", "\n"));
        }
        sb.append(Gen.pick(r, "http://", "https://", "HTTP://", "hTtPs://", "", "", "ftp://", "http:", "http:/", "//",
                "javascript:", "http:\\\\", "HTTP://", "http://"));
        if (Gen.chance(r, 0.1)) {
            sb.append(Gen.pick(r, "user@", "user:pw@", "@", ":@", "a%40b@"));
        }
        sb.append(switch (r.nextInt(10)) {
            case 0 -> Gen.pick(r, "1.2.3.4", "256.1.1.1", "01.2.3.4", "1.2.3", "0x7f.1", "127.1", "1.2.3.4.", "999.1.1.1",
                    "0.0.0.0", "255.255.255.255", "1.2.3.04");
            case 1 -> Gen.pick(r, "[::1]", "[2001:db8::1]", "[::ffff:1.2.3.4]", "[fe80::1%25eth0]", "[::1", "[zz::]",
                    "[1:2:3:4:5:6:7:8:9]", "::1", "[2001:DB8::A]", "[::]", "[1::2::3]", "[::1]x", "[v1.x]", "[]");
            case 2 -> Gen.pick(r, "bücher.example", "例え.テスト", "пример.рф", "straße.de", "ﬀ.example", "ｅｘａｍｐｌｅ．com",
                    "a\u3002b", "xn--bcher-kva.example", "xn--zz", "☃.net", "a\u200Bb.com", "\uD83D\uDE00.ws");
            case 3 -> Gen.pick(r, "", ".", "..", "a..b", "-a.com", "a-.com", "_srv.example", "a b.com", "a%41.com",
                    "x".repeat(63) + ".com", "x".repeat(64) + ".com", ("a".repeat(60) + ".").repeat(5) + "com",
                    "example.com.", "EXAMPLE.COM", "a/b", "a?b", "a#b", "a\\b");
            default -> Gen.from(r, "abcdefghijklmnopqrstuvwxyz0123456789-.", 1, 20);
        });
        if (Gen.chance(r, 0.4)) {
            sb.append(':').append(Gen.pick(r, "", "0", "1", "80", "443", "65535", "65536", "99999999999", "-1", "+80",
                    "8a", "\u0663", "080", " 80"));
        }
        for (int i = Gen.size(r, 6); i > 0; i--) {
            sb.append(Gen.pick(r, "/", "/", "\\", "//")).append(Gen.pick(r, "a", ".", "..", "%2e", "%2E%2e", "%", "%zz",
                    "%4", "a b", "ü", "\u0000", "\u007F", "\uD800", "\uDBFF\uDFFF", "%F0%9F", "%C3%BC", ";p=1", "@",
                    "<>\"{}|^`", "%00", "\u2028", Gen.from(r, "abc/.%", 0, 6)));
        }
        if (Gen.chance(r, 0.3)) {
            sb.append(Gen.pick(r, "?", "?a=b", "?q=ü x", "?%zz", "?a#b", "?x=%", "??", "?/../"));
        }
        if (Gen.chance(r, 0.2)) {
            sb.append(Gen.pick(r, "#", "#frag", "#a b", "#/../x", "#\u0001"));
        }
        if (Gen.chance(r, 0.03)) {
            // near the length limit, in characters that encode to 1, 2 and 3 bytes of UTF-8 and 3, 6, 9 sent
            String unit = Gen.pick(r, "a", "ü", "€", "%41");
            sb.append('/').append(unit.repeat(Gen.between(r, 8_000 / (unit.length() * 3), 8_300 / unit.length())));
        }
        if (Gen.chance(r, 0.1)) {
            // a character anywhere
            int at = r.nextInt(sb.length() + 1);
            sb.insert(at, Gen.anyChar(r));
        }
        return sb.toString();
    }

    private static String dotted(byte[] a) {
        return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
    }

    private static byte[] mangle(SplittableRandom r, byte[] b) {
        byte[] out = b.clone();
        for (int k = Gen.between(r, 1, 4); k > 0 && out.length > 0; k--) {
            out[r.nextInt(out.length)] = (byte) (int) Gen.pick(r, 0xC3, 0x80, 0xFF, 0xED, 0xA0, 0xF4, 0x90);
        }
        return out;
    }
}
