package dev.bulkfetch.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolver addresses as users write them ({@code --resolver}, a resolvers file, resolv.conf) and as
 * the records print them. The pool that sends to them is {@link ResolverPool}.
 */
public final class ResolverAddresses {
    private ResolverAddresses() {
    }

    /** {@code HOST:PORT} as the records print a resolver, {@code [v6]:PORT} for IPv6. */
    public static String format(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }

    /**
     * Parses {@code HOST:PORT}, {@code HOST} (port 53), {@code [v6]:PORT} or a bare IPv6 address.
     * The host must be an IP literal: resolving the resolver's own name would need a resolver.
     */
    public static InetSocketAddress parseAddress(String text) {
        String t = text.trim();
        String host;
        int port = 53;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in resolver address " + text);
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("bad resolver address " + text);
                }
                port = parsePort(rest.substring(1), text);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = parsePort(t.substring(t.indexOf(':') + 1), text);
        } else {
            host = t;
        }
        byte[] address = IpLiteral.parse(host);
        if (address == null) {
            throw new IllegalArgumentException("resolver must be an IP address (optionally with :PORT), got '"
                    + text + "'");
        }
        try {
            return new InetSocketAddress(java.net.InetAddress.getByAddress(address), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static int parsePort(String p, String text) {
        try {
            int port = Integer.parseInt(p);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("bad port in resolver address " + text + " (1-65535)");
    }

    /** Reads one address per line ({@code #} comments allowed). */
    public static List<InetSocketAddress> readFile(Path file) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(parseAddress(l));
            }
        }
        return out;
    }

    /** The {@code nameserver} lines of a resolv.conf file. */
    public static List<InetSocketAddress> fromResolvConf(Path file) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        if (!Files.isReadable(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver")) {
                try {
                    out.add(parseAddress(words[1].contains(":") && !words[1].startsWith("[")
                            ? "[" + words[1].replaceAll("%.*", "") + "]" : words[1]));
                } catch (IllegalArgumentException ignored) {
                    // a line we cannot use is skipped, like the C library does
                }
            }
        }
        return out;
    }
}
