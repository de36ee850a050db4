package dev.bulkfetch.cli;

import dev.bulkfetch.Version;
import picocli.CommandLine;

/** Prints the product version and the runtime it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "bulkfetch " + Version.VERSION,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            "transport " + dev.bulkfetch.loop.Transport.best().name().toLowerCase(java.util.Locale.ROOT)
        };
    }
}
