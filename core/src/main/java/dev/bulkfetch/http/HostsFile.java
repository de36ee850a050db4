package dev.bulkfetch.http;

import dev.bulkfetch.dns.IpLiteral;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The static names of /etc/hosts, read once before the run (never from the loop): they answer
 * before the DNS engine is asked, as the C library would.
 */
public final class HostsFile {
    private final Map<String, InetAddress> names;

    private HostsFile(Map<String, InetAddress> names) {
        this.names = names;
    }

    public static HostsFile empty() {
        return new HostsFile(Map.of());
    }

    /** Reads a hosts file; a missing or unreadable file gives an empty table. */
    public static HostsFile read(Path file) {
        Map<String, InetAddress> names = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int hash = line.indexOf('#');
                String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (words.length < 2) {
                    continue;
                }
                byte[] address = IpLiteral.parse(words[0]);
                if (address == null) {
                    continue;
                }
                InetAddress a = InetAddress.getByAddress(address);
                for (int i = 1; i < words.length; i++) {
                    names.putIfAbsent(words[i].toLowerCase(Locale.ROOT), a); // first line wins, as in glibc
                }
            }
        } catch (IOException e) {
            return new HostsFile(names);
        }
        return new HostsFile(names);
    }

    /** The address for a (lower-case) host name, or null. */
    public InetAddress lookup(String host) {
        return names.get(host);
    }
}
