package dev.bulkfetch;

/** The product version, used in the CLI and the default User-Agent. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
