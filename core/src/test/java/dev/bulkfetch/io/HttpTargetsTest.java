package dev.bulkfetch.io;

import dev.bulkfetch.error.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpTargetsTest {

    private static HttpTargets fromStdin(byte[] input) {
        return HttpTargets.of(new InputArguments(List.of("-"), new ByteArrayInputStream(input)));
    }

    private static List<HttpTarget> all(HttpTargets targets) {
        List<HttpTarget> out = new ArrayList<>();
        targets.forEachRemaining(out::add);
        return out;
    }

    @Test
    void eachUrlLineIsOneTargetWithItsLineNumberAndBlankAndCommentLinesAreSkipped() {
        HttpTargets targets = fromStdin("http://a.example/\n\n# comment\n  https://b.example/x  \r\n   \nexample.com\n"
                .getBytes(StandardCharsets.UTF_8));
        List<HttpTarget> t = all(targets);
        assertEquals(List.of(1L, 4L, 6L), t.stream().map(HttpTarget::line).toList());
        assertEquals("http://a.example/", t.get(0).url().toString());
        assertEquals("https://b.example/x", t.get(1).input());
        assertEquals("https://b.example/x", t.get(1).url().toString());
        assertEquals("http://example.com/", t.get(2).url().toString());
        t.forEach(target -> assertNull(target.error()));
        assertEquals(3, targets.skippedLines());
    }

    @Test
    void everyBadLineGivesOneInvalidInputTargetWithItsLineNumber() {
        byte[] junk = {'h', 't', 't', 'p', ':', '/', '/', (byte) 0xC3, (byte) 0x28, '\n'}; // invalid UTF-8
        byte[] input = concat("ftp://a.example/\n# c\nhttp://user:pw@a.example/\n".getBytes(StandardCharsets.UTF_8), junk,
                "http://a.example:0/\nhttp://ok.example/\n".getBytes(StandardCharsets.UTF_8));
        HttpTargets targets = fromStdin(input);
        List<HttpTarget> t = all(targets);
        assertEquals(List.of(1L, 3L, 4L, 5L, 6L), t.stream().map(HttpTarget::line).toList());
        for (int i = 0; i < 4; i++) {
            assertEquals(ErrorKind.INVALID_INPUT, t.get(i).error().kind(), t.get(i).toString());
            assertNull(t.get(i).url());
        }
        assertEquals("unsupported scheme 'ftp'", t.get(0).error().message());
        assertEquals("ftp://a.example/", t.get(0).input());
        assertTrue(t.get(1).error().message().contains("credentials"));
        assertTrue(t.get(2).error().message().contains("UTF-8"));
        assertTrue(t.get(3).error().message().contains("port 0"));
        assertNull(t.get(4).error());
        assertEquals(1, targets.skippedLines());
    }

    @Test
    void megabyteLineIsOneInvalidInputTarget() {
        byte[] input = ("http://a.example/" + "x".repeat(1 << 20) + "\nhttp://ok.example/\n").getBytes(StandardCharsets.UTF_8);
        List<HttpTarget> t = all(fromStdin(input));
        assertEquals(2, t.size());
        assertEquals(1, t.get(0).line());
        assertEquals(ErrorKind.INVALID_INPUT, t.get(0).error().kind());
        assertTrue(t.get(0).error().message().contains("longer than"), t.get(0).error().message());
        assertEquals(2, t.get(1).line());
        assertEquals("http://ok.example/", t.get(1).url().toString());
    }

    @Test
    void lineUnderTheReaderLimitButOver8KiBIsRefusedByTheUrlParser() {
        List<HttpTarget> t = all(fromStdin(("http://a.example/" + "x".repeat(10_000) + "\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, t.size());
        assertEquals("URL longer than 8192 bytes", t.get(0).error().message());
    }

    @Test
    void commandLineArgumentsAreTargetsToo() {
        List<HttpTarget> t = all(HttpTargets.of(new InputArguments(List.of("https://bücher.example/a b", "not a url"),
                new ByteArrayInputStream(new byte[0]))));
        assertEquals(2, t.size());
        assertEquals("https://xn--bcher-kva.example/a%20b", t.get(0).url().toString());
        assertEquals(2, t.get(1).line());
        assertEquals("host holds a space", t.get(1).error().message());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
