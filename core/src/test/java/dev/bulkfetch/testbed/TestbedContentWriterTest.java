package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulkfetch testbed --write-content DIR}: the files nginx and NSD serve are the bytes the embedded testbed
 * serves and names, and the bytes docker/testbed/make-content.sh and the benchmarks' generators used to write.
 */
class TestbedContentWriterTest {
    /**
     * sha256 of the files the shell generators wrote (docker/testbed/make-content.sh, removed since): the written
     * content must stay byte-identical to them, or the container tests' and benchmarks' history means something
     * else. The .gz copies are not pinned: zlib's deflate is not GNU gzip's (see HttpTestbedGzipFile).
     */
    private static final Map<String, String> SHELL_SHA256 = Map.of(
            "www/empty.bin", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "www/hello.txt", "77e64e120aca6c696a9cfe8cd8b8259a401d200f46a004139872b63760bd939c",
            "www/index.html", "75556d4ecb38cf7eb75d5d776dd4acf5e76c66761a18b709022725e69c8f1742",
            "www/noise-64k.bin", "c59afdb0864362b1eb08cca7692e3251a16436fdf0b9204c92dfdf41bf696086",
            "www/pattern-100k.bin", "d6fb1bc39044fc9d5b8b8a2271a894b2ee324b625db1379e73e530e9ee476eea",
            "www/pattern-1k.bin", "4b6c8016eedc85b9e7420bb01ff5d7b3dc9e6410613a12e5298611c5fde1cb5c",
            "www/pattern-1m.bin", "bd56b30067e7f90d0b2c5acad17c7e879361fffffd0c2953ab964f310d10291f",
            "zones/18.198.in-addr.arpa.zone", "18aa64d83c70b2a7eaa6366a70480aa28ea45209c92f50ddb3695a5db36ee8a4");

    @TempDir
    static Path dir;
    private static List<Path> written;
    private static HttpTestbed testbed;

    @BeforeAll
    static void writeAndStart() throws IOException {
        written = TestbedContentWriter.write(dir);
        testbed = HttpTestbed.start(HttpTestbedConfig.defaults());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @Test
    void writesTheFilesTheShellGeneratorsWroteByteForByte() throws IOException {
        for (Map.Entry<String, String> file : SHELL_SHA256.entrySet()) {
            assertEquals(file.getValue(), HttpTestbedContent.sha256Hex(Files.readAllBytes(dir.resolve(file.getKey()))),
                    file.getKey());
        }
        try (Stream<Path> www = Files.list(dir.resolve(TestbedContentWriter.WWW))) {
            assertEquals(2 * 7, www.count(), "7 files and their .gz copies");
        }
        assertEquals(2 * 7 + 1, written.size());
    }

    @Test
    void everyFileTheEmbeddedTestbedHasAPathForHashesLikeTheServedBody() throws IOException {
        int compared = 0;
        for (String name : HttpTestbedDocumentTree.files().keySet()) {
            String path = HttpTestbedDocumentTree.embeddedPath(name);
            if (path == null) {
                continue;
            }
            HttpTestbedRawClient.Response served = HttpTestbedRawClient.get(testbed, path);
            assertEquals(200, served.status(), path);
            assertEquals(HttpTestbedContent.sha256Hex(served.body()),
                    HttpTestbedContent.sha256Hex(Files.readAllBytes(www(name))), name + " vs GET " + path);
            compared++;
        }
        assertEquals(4, compared, "empty.bin and the three pattern files");
    }

    @Test
    void everyGzipCopyDecodesToItsFileAndHasTheHeaderOfGzipMinusN() throws IOException {
        for (String name : HttpTestbedDocumentTree.files().keySet()) {
            byte[] gz = Files.readAllBytes(www(name + ".gz"));
            // no name, mtime 0, XFL 2 (best compression), OS 3 (Unix): what gzip -9 -n writes
            assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3}, Arrays.copyOf(gz, 10), name);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(www(name + ".gz")))) {
                assertArrayEquals(Files.readAllBytes(www(name)), in.readAllBytes(), name + ".gz");
            }
        }
    }

    @Test
    void noiseHasEveryByteValue() throws IOException {
        Set<Byte> values = new HashSet<>();
        for (byte b : Files.readAllBytes(www("noise-64k.bin"))) {
            values.add(b);
        }
        assertEquals(256, values.size());
    }

    @Test
    void theReverseZoneNamesEveryAddressOfTheRangeAsTheEmbeddedTestbedDoes() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(TestbedContentWriter.ZONES)
                .resolve("18.198.in-addr.arpa.zone"), StandardCharsets.US_ASCII);
        assertEquals("$ORIGIN 18.198.in-addr.arpa.", lines.get(0));
        Set<String> owners = new HashSet<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length != 4 || !f[2].equals("PTR")) {
                continue;
            }
            assertEquals("IN", f[1], line);
            String[] octets = f[0].split("\\.");
            InetAddress address = InetAddress.getByAddress(new byte[] {(byte) 198, 18,
                    (byte) Integer.parseInt(octets[1]), (byte) Integer.parseInt(octets[0])});
            assertEquals(DnsTestbedZone.ptrFor(address), f[3], line);
            assertTrue(owners.add(f[0]), "duplicate owner " + f[0]);
        }
        assertEquals(65536, owners.size());
        assertNotNull(written);
    }

    private static Path www(String name) {
        return dir.resolve(TestbedContentWriter.WWW).resolve(name);
    }
}
