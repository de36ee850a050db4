package dev.bulkfetch.metrics;

/**
 * Names of the phases every kind of run has. They are the tags of the interval log, so tools that
 * read a log (and {@code bulkfetch report}) find the same names whatever the run was.
 */
public final class Phases {
    /**
     * A whole lookup or fetch that got an answer or response. Under a constant rate it is measured
     * from the target's intended start, so stalls are not hidden.
     */
    public static final String TOTAL = "total";
    /** A whole lookup or fetch that ended in an error, measured like {@link #TOTAL}. */
    public static final String ERROR = "error";
    /** Under a constant rate only: the uncorrected time of answered targets, from their actual start. */
    public static final String SERVICE = "service";

    private Phases() {
    }
}
