package dev.bulkfetch.cli;

import dev.bulkfetch.dns.ResolverAddresses;
import dev.bulkfetch.io.UnusableFileException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which resolvers to ask: {@code --resolver}, {@code --resolvers}, or the system's resolv.conf. */
final class ResolverOptions {
    @Option(names = "--resolver", paramLabel = "HOST:PORT",
            description = "Resolver to query (IP literal, port 53 by default); repeatable. Default: nameservers of /etc/resolv.conf.")
    List<String> resolvers = new ArrayList<>();

    @Option(names = "--resolvers", paramLabel = "FILE", description = "File with one resolver address per line.")
    Path resolversFile;

    /** The resolvers given, else those of /etc/resolv.conf (possibly none). */
    List<InetSocketAddress> addresses() {
        List<InetSocketAddress> list = new ArrayList<>();
        try {
            for (String r : resolvers) {
                list.add(ResolverAddresses.parseAddress(r));
            }
            if (resolversFile != null) {
                list.addAll(fromFile());
            }
            if (list.isEmpty()) {
                list.addAll(ResolverAddresses.fromResolvConf(Path.of("/etc/resolv.conf")));
            }
        } catch (IOException e) {
            throw UsageException.cannotRead("--resolvers", resolversFile, e);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--resolver: " + e.getMessage());
        }
        return list;
    }

    /**
     * The resolvers of --resolvers. A file that names none is an error, not a reason to fall back to
     * resolv.conf: the user chose where queries go, and they must not go elsewhere.
     */
    private List<InetSocketAddress> fromFile() throws IOException {
        UnusableFileException.checkReadable(resolversFile);
        List<InetSocketAddress> listed;
        try {
            listed = ResolverAddresses.readFile(resolversFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--resolvers: " + resolversFile + ": " + e.getMessage());
        }
        if (listed.isEmpty()) {
            throw new UsageException("--resolvers: " + resolversFile + " names no resolver (one IP address[:PORT]"
                    + " per line)");
        }
        return listed;
    }
}
