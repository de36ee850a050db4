package dev.bulkfetch.metrics;

import java.util.List;

/** The phase recorders of one kind of run, in the order reports list them. */
public interface PhaseSet {
    /** Every recorder, including phases that may stay empty in a given run. */
    List<PhaseRecorder> all();

    /** The phase a progress line shows: the whole lookup or fetch. */
    PhaseRecorder headline();
}
