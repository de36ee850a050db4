package dev.bulkfetch.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResolverAddressesTest {

    @Test
    void addressesWithAndWithoutPorts() {
        assertEquals(new InetSocketAddress("127.0.0.1", 53), ResolverAddresses.parseAddress("127.0.0.1"));
        assertEquals(new InetSocketAddress("127.0.0.1", 5353), ResolverAddresses.parseAddress("127.0.0.1:5353"));
        assertEquals(new InetSocketAddress("::1", 53), ResolverAddresses.parseAddress("::1"));
        assertEquals(new InetSocketAddress("::1", 5353), ResolverAddresses.parseAddress("[::1]:5353"));
    }

    @Test
    void namesAndBadPortsAreRefused() {
        for (String bad : List.of("dns.example", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x", "[::1", "[::1]x")) {
            assertThrows(IllegalArgumentException.class, () -> ResolverAddresses.parseAddress(bad), bad);
        }
    }

    @Test
    void resolvConfNameserversAreRead(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("resolv.conf");
        Files.writeString(conf, "# comment\nsearch example\nnameserver 127.0.0.53\nnameserver ::1\nnameserver bogus\noptions edns0\n");
        assertEquals(List.of(new InetSocketAddress("127.0.0.53", 53), new InetSocketAddress("::1", 53)),
                ResolverAddresses.fromResolvConf(conf));
        Path list = dir.resolve("resolvers.txt");
        Files.writeString(list, "127.0.0.1:5300\n\n# x\n127.0.0.2\n");
        assertEquals(2, ResolverAddresses.readFile(list).size());
    }
}
