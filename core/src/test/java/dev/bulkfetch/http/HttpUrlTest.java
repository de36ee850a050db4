package dev.bulkfetch.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpUrlTest {

    /** The message parse gives for text it refuses; fails when it is accepted. */
    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> HttpUrl.parse(text), text).getMessage();
    }

    private static void assertRefused(String text, String messagePart) {
        String message = refusal(text);
        assertTrue(message.contains(messagePart), () -> text + " -> " + message);
    }

    @Test
    void defaultPortsFollowTheSchemeAndStayOutOfTheHostHeader() {
        HttpUrl http = HttpUrl.parse("http://example.com/x");
        assertEquals("http", http.scheme());
        assertEquals(80, http.port());
        assertFalse(http.https());
        assertEquals("example.com", http.hostHeader());
        assertEquals("http://example.com", http.origin());
        HttpUrl https = HttpUrl.parse("https://example.com/x");
        assertEquals(443, https.port());
        assertTrue(https.https());
        assertEquals("https://example.com", https.origin());
        assertEquals("https://example.com/x", https.toString());
    }

    @Test
    void explicitPortsAreKeptAndShownOnlyWhenNotTheDefault() {
        HttpUrl u = HttpUrl.parse("http://example.com:8080/x");
        assertEquals(8080, u.port());
        assertEquals("example.com:8080", u.hostHeader());
        assertEquals("http://example.com:8080", u.origin());
        assertEquals("http://example.com:8080/x", u.toString());
        assertEquals("example.com", HttpUrl.parse("https://example.com:443/").hostHeader());
        assertEquals("example.com", HttpUrl.parse("http://example.com:80/").hostHeader());
        assertEquals("example.com:443", HttpUrl.parse("http://example.com:443/").hostHeader());
        assertEquals("https://example.com:80", HttpUrl.parse("https://example.com:80/").origin());
        // RFC 3986 6.2.3: an empty port means the default
        assertEquals(80, HttpUrl.parse("http://example.com:/").port());
        assertEquals(65535, HttpUrl.parse("http://example.com:65535/").port());
    }

    @Test
    void schemeAndHostAreLowerCasedWhilePathAndQueryKeepTheirCase() {
        HttpUrl u = HttpUrl.parse("HTTPS://Example.COM/Path?Q=A");
        assertEquals("https", u.scheme());
        assertEquals("example.com", u.host());
        assertEquals("/Path?Q=A", u.target());
    }

    @Test
    void urlWithoutPathHasSlashAsTarget() {
        assertEquals("/", HttpUrl.parse("http://example.com").target());
        assertEquals("/?x=1", HttpUrl.parse("http://example.com?x=1").target());
        assertEquals("/", HttpUrl.parse("http://example.com#top").target());
        assertEquals("http://example.com/", HttpUrl.parse("http://example.com").toString());
    }

    @Test
    void bareHostWithoutSchemeIsReadAsHttp() {
        assertEquals("http://example.com/x", HttpUrl.parse("example.com/x").toString());
        assertEquals("http://example.com/", HttpUrl.parse("example.com").toString());
        HttpUrl withPort = HttpUrl.parse("localhost:8080/x");
        assertEquals("http", withPort.scheme());
        assertEquals("localhost", withPort.host());
        assertEquals(8080, withPort.port());
        assertEquals("http://192.0.2.1/", HttpUrl.parse("192.0.2.1").toString());
        assertEquals("http://[::1]:8080/", HttpUrl.parse("[::1]:8080").toString());
    }

    @Test
    void surroundingWhitespaceIsStripped() {
        assertEquals("http://example.com/x", HttpUrl.parse(" \t http://example.com/x \r\n").toString());
    }

    @Test
    void hostNameHasNoAddress() {
        assertNull(HttpUrl.parse("http://example.com/").address());
    }

    @Test
    void ipv4LiteralCarriesItsAddressBytes() {
        HttpUrl u = HttpUrl.parse("http://192.0.2.1:8080/x");
        assertEquals("192.0.2.1", u.host());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, u.address());
        assertEquals("192.0.2.1:8080", u.hostHeader());
        // a trailing root dot does not make an address a name
        assertEquals("192.0.2.1", HttpUrl.parse("http://192.0.2.1./").host());
    }

    @Test
    void ipv6LiteralInBracketsCarriesItsAddressBytesAndIsNormalized() {
        HttpUrl u = HttpUrl.parse("http://[2001:DB8:0:0::1]/");
        assertEquals("2001:db8::1", u.host());
        byte[] expected = new byte[16];
        expected[0] = 0x20;
        expected[1] = 0x01;
        expected[2] = 0x0d;
        expected[3] = (byte) 0xb8;
        expected[15] = 1;
        assertArrayEquals(expected, u.address());
        assertEquals("[2001:db8::1]", u.hostHeader());
        assertEquals("http://[2001:db8::1]", u.origin());
        HttpUrl loopback = HttpUrl.parse("https://[::1]:8443/x");
        assertEquals("[::1]:8443", loopback.hostHeader());
        assertEquals("https://[::1]:8443", loopback.origin());
        assertEquals("https://[::1]:8443/x", loopback.toString());
        assertEquals(16, HttpUrl.parse("http://[::ffff:192.0.2.1]/").address().length);
    }

    @Test
    void idnHostGoesOutAsPunycode() {
        assertEquals("xn--bcher-kva.example", HttpUrl.parse("http://bücher.example/").host());
        assertEquals("xn--bcher-kva.example", HttpUrl.parse("http://BÜCHER.Example/").host());
        assertEquals("http://xn--bcher-kva.example/", HttpUrl.parse("bücher.example").toString());
    }

    @Test
    void underscoreIsAllowedInHostNames() {
        assertEquals("_dmarc.a_b.example", HttpUrl.parse("http://_dmarc.a_b.example/").host());
    }

    @Test
    void spacesAndNonAsciiInPathAndQueryArePercentEncodedAsUtf8() {
        assertEquals("/a%20b/%C3%BC?q=a%20b&r=%E2%82%AC&s=%F0%9F%98%80",
                HttpUrl.parse("http://example.com/a b/ü?q=a b&r=€&s=\uD83D\uDE00").target());
        assertEquals("/%22%3C%3E%5C%5E%60%7B%7C%7D", HttpUrl.parse("http://example.com/\"<>\\^`{|}").target());
    }

    @Test
    void existingPercentEscapesAreKeptAndStrayPercentIsEncoded() {
        assertEquals("/a%2Fb%20c%c3%bc", HttpUrl.parse("http://example.com/a%2Fb%20c%c3%bc").target());
        assertEquals("/100%25?p=%25zz&q=%252", HttpUrl.parse("http://example.com/100%?p=%zz&q=%2").target());
        // encoding is idempotent: the printed URL parses back to itself
        HttpUrl u = HttpUrl.parse("http://example.com/a b/ü?q=100%");
        assertEquals(u, HttpUrl.parse(u.toString()));
    }

    @Test
    void reservedCharactersStayAsWritten() {
        String target = "/a;b=c@d:e[f]!$&'()*+,~?x=/?y:@";
        assertEquals(target, HttpUrl.parse("http://example.com" + target).target());
    }

    @Test
    void fragmentIsDroppedAndQueryIsKept() {
        assertEquals("/p?q=1&r=2", HttpUrl.parse("http://example.com/p?q=1&r=2#frag?x").target());
        assertEquals("/p?", HttpUrl.parse("http://example.com/p?#frag").target());
        assertEquals("/p", HttpUrl.parse("http://example.com/p#").target());
        assertEquals("/p?a=%23b", HttpUrl.parse("http://example.com/p?a=%23b#c").target());
    }

    @Test
    void dotSegmentsAreRemovedButNotInTheQuery() {
        assertEquals("/a/c?x=/../y", HttpUrl.parse("http://example.com/a/./b/../c?x=/../y").target());
        assertEquals("/", HttpUrl.parse("http://example.com/../..").target());
        assertEquals("/a/", HttpUrl.parse("http://example.com/a/b/..").target());
    }

    @Test
    void otherSchemesAreRefused() {
        assertEquals("unsupported scheme 'ftp'", refusal("ftp://example.com/"));
        assertEquals("unsupported scheme 'mailto'", refusal("mailto:a@example.com"));
        assertEquals("unsupported scheme 'javascript'", refusal("javascript:alert(1)"));
        assertEquals("unsupported scheme 'ws'", refusal("WS://example.com/"));
        assertRefused("http:example.com", "expected '//' after 'http:'");
        assertRefused("https:/example.com", "expected '//' after 'https:'");
    }

    @Test
    void credentialsAreRefusedAndNotRepeatedInTheMessage() {
        String message = refusal("http://user:s3cret@example.com/");
        assertTrue(message.contains("credentials in URLs are never sent"), message);
        assertFalse(message.contains("s3cret"), message);
        assertRefused("https://user@example.com/", "credentials");
        assertRefused("example.com@evil.example/", "credentials");
        assertRefused("http://evil.example\\@example.com/", "credentials");
    }

    @Test
    void emptyHostIsRefused() {
        assertRefused("http:///x", "URL has no host");
        assertRefused("http://:80/", "URL has no host");
        assertRefused("http://?x", "URL has no host");
        assertRefused("http://./", "URL has no host");
        assertRefused("/just/a/path", "not an absolute URL");
        assertRefused("//example.com/x", "not an absolute URL");
        assertEquals("empty URL", refusal("   "));
        assertEquals("empty URL", refusal(null));
    }

    @Test
    void hostWithIllegalCharactersIsRefused() {
        assertEquals("host holds a space", refusal("http://exa mple.com/"));
        assertRefused("http://exa%41mple.com/", "host holds '%'");
        assertRefused("http://a!b.example/", "illegal character '!'");
        assertRefused("http://a]b.example/", "illegal character ']'");
        assertRefused("http://a..b.example/", "empty label");
        // nameprep folds a fullwidth solidus into '/': it must not split the host
        assertRefused("http://evil.example\uFF0Fgood.example/", "after IDN conversion");
    }

    @Test
    void labelsOver63AndNamesOver253AreRefusedCountedAfterIdn() {
        String label63 = "a".repeat(63);
        assertEquals(label63 + ".example", HttpUrl.parse("http://" + label63 + ".example/").host());
        assertRefused("http://" + "a".repeat(64) + ".example/", "label longer than 63");
        String name253 = (label63 + ".").repeat(3) + "a".repeat(61);
        assertEquals(253, name253.length());
        assertEquals(name253, HttpUrl.parse("http://" + name253 + "/").host());
        assertEquals(name253 + ".", HttpUrl.parse("http://" + name253 + "./").host());
        assertRefused("http://" + name253 + "a/", "longer than 253");
        // 132 characters as written, 265 as punycode
        String idn = String.join(".", java.util.Collections.nCopies(19, "bücher"));
        assertRefused("http://" + idn + "/", "longer than 253");
        assertRefused("http://" + "ü".repeat(60) + ".example/", "not a valid internationalized name");
    }

    @Test
    void badPortsAreRefused() {
        assertEquals("port 0 is out of range 1-65535", refusal("http://example.com:0/"));
        assertEquals("port 65536 is out of range 1-65535", refusal("http://example.com:65536/"));
        assertEquals("port 99999999999 is out of range 1-65535", refusal("http://example.com:99999999999/"));
        assertEquals("port '8o' is not a number", refusal("http://example.com:8o/"));
        assertEquals("port '-1' is not a number", refusal("http://example.com:-1/"));
        assertEquals("port '+80' is not a number", refusal("http://example.com:+80/"));
        assertEquals("port '80 ' is not a number", refusal("http://example.com:80 /"));
    }

    @Test
    void ipv6LiteralOnlyInBracketsAndWithoutZone() {
        assertRefused("http://2001:db8::1/", "must be written in brackets");
        assertRefused("http://[fe80::1%25eth0]/", "zone ids");
        assertRefused("http://[fe80::1%eth0]/", "zone ids");
        assertRefused("http://[192.0.2.1]/", "'[192.0.2.1]' is not an IPv6 address");
        assertRefused("http://[example.com]/", "is not an IPv6 address");
        assertRefused("http://[::1/", "closing ']'");
        assertRefused("http://[::1]x/", "unexpected text after the IPv6 address");
        assertRefused("http://[::1]:0/", "port 0");
    }

    @Test
    void hostEndingInANumberMustBeAValidIpv4Address() {
        assertRefused("http://999.1.1.1/", "ends in a number but is not an IPv4 address");
        assertRefused("http://127.1/", "not an IPv4 address");
        assertRefused("http://0x7f.0.0.1/", "not an IPv4 address");
        assertRefused("http://192.0.2.01/", "not an IPv4 address");
        assertRefused("http://example.0x10/", "not an IPv4 address");
        // a number inside a name is fine
        assertEquals("1.example", HttpUrl.parse("http://1.example/").host());
    }

    @Test
    void controlCharactersAreRefused() {
        assertEquals("URL holds a control character (0x09)", refusal("http://example.com/a\tb"));
        assertEquals("URL holds a control character (0x0D)", refusal("http://example.com/a\r\nHost: evil"));
        assertEquals("URL holds a control character (0x00)", refusal("http://example.com/\u0000"));
        assertEquals("URL holds a control character (0x7F)", refusal("http://example.com/\u007F"));
        assertRefused("http://exa\u0001mple.com/", "control character (0x01)");
        assertRefused("http://example.com/\uD800x", "unpaired surrogate");
    }

    @Test
    void urlsOver8KiBAreRefused() {
        String prefix = "http://example.com/";
        HttpUrl.parse(prefix + "a".repeat(8192 - prefix.length()));
        assertEquals("URL longer than 8192 bytes", refusal(prefix + "a".repeat(8193 - prefix.length())));
        // counted in UTF-8 bytes: 3000 characters of 3 bytes each
        assertEquals("URL longer than 8192 bytes", refusal(prefix + "€".repeat(3000)));
    }

    @Test
    void urlsThatGrowPast8KiBWhenPercentEncodedAreRefused() {
        // 3000 'ü' are 6000 bytes of input, under the limit, but 18000 characters once encoded
        String prefix = "http://example.com/";
        String refused = "URL longer than 8192 bytes as sent (percent-encoded)";
        assertEquals(refused, refusal(prefix + "ü".repeat(3000)));
        assertEquals(refused, refusal("example.com/" + "a".repeat(8192 - "example.com/".length()))); // + "http://"
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpUrl.parse(prefix).resolve("/" + "ü".repeat(3000)));
        assertEquals(refused, e.getMessage());
        HttpUrl longest = HttpUrl.parse(prefix + "ü".repeat((8192 - prefix.length()) / 6));
        assertEquals(longest, HttpUrl.parse(longest.toString()), "what is accepted parses back from its text");
    }

    @Test
    void resolveFollowsTheNormalExamplesOfRfc3986() {
        HttpUrl base = HttpUrl.parse("http://a/b/c/d;p?q");
        // RFC 3986 section 5.4.1; fragments are dropped and an empty path is sent as "/"
        String[][] cases = {
            {"g", "http://a/b/c/g"},
            {"./g", "http://a/b/c/g"},
            {"g/", "http://a/b/c/g/"},
            {"/g", "http://a/g"},
            {"//g", "http://g/"},
            {"?y", "http://a/b/c/d;p?y"},
            {"g?y", "http://a/b/c/g?y"},
            {"#s", "http://a/b/c/d;p?q"},
            {"g#s", "http://a/b/c/g"},
            {"g?y#s", "http://a/b/c/g?y"},
            {";x", "http://a/b/c/;x"},
            {"g;x", "http://a/b/c/g;x"},
            {"g;x?y#s", "http://a/b/c/g;x?y"},
            {"", "http://a/b/c/d;p?q"},
            {".", "http://a/b/c/"},
            {"./", "http://a/b/c/"},
            {"..", "http://a/b/"},
            {"../", "http://a/b/"},
            {"../g", "http://a/b/g"},
            {"../..", "http://a/"},
            {"../../", "http://a/"},
            {"../../g", "http://a/g"},
        };
        assertResolves(base, cases);
        // "g:h" resolves to "g:h" in the RFC: a scheme we do not fetch
        assertEquals("unsupported scheme 'g'",
                assertThrows(IllegalArgumentException.class, () -> base.resolve("g:h")).getMessage());
    }

    @Test
    void resolveFollowsTheAbnormalExamplesOfRfc3986() {
        HttpUrl base = HttpUrl.parse("http://a/b/c/d;p?q");
        // RFC 3986 section 5.4.2
        String[][] cases = {
            {"../../../g", "http://a/g"},
            {"../../../../g", "http://a/g"},
            {"/./g", "http://a/g"},
            {"/../g", "http://a/g"},
            {"g.", "http://a/b/c/g."},
            {".g", "http://a/b/c/.g"},
            {"g..", "http://a/b/c/g.."},
            {"..g", "http://a/b/c/..g"},
            {"./../g", "http://a/b/g"},
            {"./g/.", "http://a/b/c/g/"},
            {"g/./h", "http://a/b/c/g/h"},
            {"g/../h", "http://a/b/c/h"},
            {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
            {"g;x=1/../y", "http://a/b/c/y"},
            {"g?y/./x", "http://a/b/c/g?y/./x"},
            {"g?y/../x", "http://a/b/c/g?y/../x"},
            {"g#s/./x", "http://a/b/c/g"},
            {"g#s/../x", "http://a/b/c/g"},
            // the backward-compatible reading of "http:g", as browsers do
            {"http:g", "http://a/b/c/g"},
        };
        assertResolves(base, cases);
    }

    private static void assertResolves(HttpUrl base, String[][] cases) {
        List<Executable> checks = new ArrayList<>();
        for (String[] c : cases) {
            checks.add(() -> assertEquals(c[1], base.resolve(c[0]).toString(), "resolve(\"" + c[0] + "\")"));
        }
        assertAll(checks);
    }

    @Test
    void resolveToAnotherSchemeIsRefused() {
        HttpUrl base = HttpUrl.parse("https://example.com/a/b");
        assertEquals("unsupported scheme 'ftp'",
                assertThrows(IllegalArgumentException.class, () -> base.resolve("ftp://example.com/x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.resolve("javascript:alert(1)"));
        assertThrows(IllegalArgumentException.class, () -> base.resolve("file:///etc/passwd"));
        // "http:g" is relative only with the base's own scheme
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.resolve("http:g")).getMessage()
                .contains("expected '//'"));
    }

    @Test
    void resolveValidatesLikeParse() {
        HttpUrl base = HttpUrl.parse("https://example.com/a/b");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.resolve("//user:pw@evil.example/"))
                .getMessage().contains("credentials"));
        assertThrows(IllegalArgumentException.class, () -> base.resolve("http://example.com:0/"));
        assertThrows(IllegalArgumentException.class, () -> base.resolve("/x\r\nSet-Cookie: a=b"));
        assertThrows(IllegalArgumentException.class, () -> base.resolve("//[fe80::1%eth0]/"));
    }

    @Test
    void resolveChangesOriginForAbsoluteAndSchemeRelativeReferences() {
        HttpUrl base = HttpUrl.parse("https://example.com:8443/a/b?q");
        HttpUrl absolute = base.resolve("http://Other.example/x#f");
        assertEquals("http://other.example/x", absolute.toString());
        assertEquals(HttpUrl.parse("http://other.example/x"), absolute);
        HttpUrl schemeRelative = base.resolve("//other.example/y");
        assertEquals("https://other.example/y", schemeRelative.toString());
        assertEquals("https://example.com:8443/c", base.resolve("/c").toString());
        assertEquals("https://[2001:db8::1]/p", base.resolve("//[2001:db8::1]/p").toString());
    }

    @Test
    void resolveEncodesTheReferenceAndKeepsTheBaseAddress() {
        HttpUrl base = HttpUrl.parse("http://[2001:db8::1]:8080/dir/page?x=1");
        HttpUrl u = base.resolve("new page?q=ü");
        assertEquals("http://[2001:db8::1]:8080/dir/new%20page?q=%C3%BC", u.toString());
        assertArrayEquals(base.address(), u.address());
        assertEquals("/dir/a%20b", HttpUrl.parse("http://example.com/dir/a%20b").resolve("").target());
        assertEquals("/dir/%5C%5Cevil.example", HttpUrl.parse("http://example.com/dir/x").resolve("\\\\evil.example").target());
    }

    @Test
    void equalsComparesAddressBytesByContent() {
        HttpUrl a = HttpUrl.parse("http://[2001:db8::1]/x");
        HttpUrl b = HttpUrl.parse("http://[2001:0db8:0::1]/x");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        HttpUrl v4a = new HttpUrl("http", "192.0.2.1", 80, "/", new byte[] {(byte) 192, 0, 2, 1});
        HttpUrl v4b = new HttpUrl("http", "192.0.2.1", 80, "/", new byte[] {(byte) 192, 0, 2, 1});
        HttpUrl v4c = new HttpUrl("http", "192.0.2.1", 80, "/", new byte[] {(byte) 192, 0, 2, 2});
        assertEquals(v4a, v4b);
        assertEquals(v4a.hashCode(), v4b.hashCode());
        assertNotEquals(v4a, v4c);
        assertNotEquals(v4a, new HttpUrl("http", "192.0.2.1", 80, "/", null));
        assertEquals(HttpUrl.parse("http://192.0.2.1/"), v4a);
    }

    @Test
    void addressCannotBeChangedFromOutside() {
        byte[] bytes = {(byte) 192, 0, 2, 1};
        HttpUrl u = new HttpUrl("http", "192.0.2.1", 80, "/", bytes);
        int hash = u.hashCode();
        bytes[3] = 9;
        u.address()[3] = 9;
        assertEquals(1, u.address()[3]);
        assertEquals(hash, u.hashCode());
    }

    @Test
    void constructorRefusesWhatParseNeverGives() {
        assertThrows(IllegalArgumentException.class, () -> new HttpUrl("ftp", "a", 21, "/", null));
        assertThrows(IllegalArgumentException.class, () -> new HttpUrl("http", "a", 0, "/", null));
        assertThrows(IllegalArgumentException.class, () -> new HttpUrl("http", "a", 80, "/", new byte[5]));
    }

    @Test
    void absoluteUrlResolvesToWhatParseGives() {
        HttpUrl base = HttpUrl.parse("http://a/b/c/d;p?q");
        for (String s : List.of("https://Bücher.example:443/x/../y z?q#f", "http://[::1]:81/", "http://192.0.2.1/a/./b")) {
            assertEquals(HttpUrl.parse(s), base.resolve(s), s);
        }
    }
}
