package dev.bulkfetch.http;

import dev.bulkfetch.property.Gen;
import dev.bulkfetch.property.Property;
import dev.bulkfetch.property.Shrink;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of the pieces a URL is parsed with, each fed untrusted text on its own: removing dot segments
 * leaves none and is done once for all, percent-encoding gives printable ASCII and encoding again changes
 * nothing, host validation gives a lower-case ASCII name within the DNS limits or a message.
 */
class UrlPartsPropertiesTest {

    @Test
    void removingDotSegmentsLeavesNoneAndAgainChangesNothing() {
        Property.Outcomes o = Property.forAll("absolute paths with dots", r -> "/" + Gen.from(r, "/./..ab%", 0, 30))
                .tries(3000)
                .shrinking(Shrink::string)
                .check(p -> {
                    String out = DotSegments.remove(p);
                    assertTrue(out.startsWith("/"), () -> "an absolute path stays absolute: " + out);
                    assertTrue(!out.contains("/./") && !out.contains("/../") && !out.endsWith("/.")
                            && !out.endsWith("/.."), () -> "dot segment left in " + out);
                    assertEquals(out, DotSegments.remove(out));
                    return out.equals(p) ? "unchanged" : "removed";
                });
        assertTrue(o.count("unchanged") > 50 && o.count("removed") > 500, o.toString());
    }

    @Test
    void percentEncodingGivesPrintableAsciiAndEncodingAgainChangesNothing() {
        Property.Outcomes o = Property.forAll("any path and query", r -> Gen.anyString(r, 20) + "?" + Gen.anyString(r, 10))
                .tries(3000)
                .shrinking(Shrink::string)
                .check(raw -> {
                    String text;
                    try {
                        text = UrlText.check(raw); // controls and bad Unicode never reach the encoder
                    } catch (IllegalArgumentException e) {
                        return "refused as text";
                    }
                    int q = text.indexOf('?') < 0 ? text.length() : text.indexOf('?');
                    String out = PercentEncoding.encode(text.substring(0, q), text.substring(q));
                    for (int i = 0; i < out.length(); i++) {
                        char c = out.charAt(i);
                        assertTrue(c > 0x20 && c < 0x7F && !PercentEncoding.encodedAscii(c), () -> "unsendable " + out);
                        if (c == '%') {
                            assertTrue(PercentEncoding.escapeAt(out, i, out.length()), () -> "stray '%' in " + out);
                        }
                    }
                    assertEquals(out, PercentEncoding.encode(out, ""));
                    return "encoded";
                });
        assertTrue(o.count("encoded") > 200, o.toString());
    }

    @Test
    void hostValidationGivesALowerCaseAsciiNameOrAMessage() {
        Property.Outcomes o = Property.forAll("host names", r -> Gen.chance(r, 0.5)
                        ? Gen.from(r, "abcXYZ09-._", 0, 80) : Gen.anyString(r, 30))
                .tries(3000)
                .shrinking(Shrink::string)
                .check(h -> {
                    String name;
                    try {
                        name = HostNames.ascii(h);
                    } catch (IllegalArgumentException e) {
                        assertNotNull(e.getMessage());
                        return "refused";
                    }
                    assertEquals(name.toLowerCase(Locale.ROOT), name);
                    String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
                    assertTrue(!bare.isEmpty() && bare.length() <= 253, name);
                    for (String label : bare.split("\\.", -1)) {
                        assertTrue(!label.isEmpty() && label.length() <= 63, name);
                    }
                    name.chars().forEach(c -> assertTrue(c < 0x80 && c != ' ' && c != '%' && c != '/', name));
                    return "name";
                });
        assertTrue(o.count("refused") > 100 && o.count("name") > 100, o.toString());
    }
}
