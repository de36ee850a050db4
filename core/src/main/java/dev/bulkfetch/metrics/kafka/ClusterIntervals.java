package dev.bulkfetch.metrics.kafka;

import dev.bulkfetch.io.kafka.HistogramMessage;
import dev.bulkfetch.metrics.IntervalPoint;
import dev.bulkfetch.metrics.IntervalSnapshot;
import dev.bulkfetch.metrics.PhaseRecorder;
import dev.bulkfetch.metrics.RunRecord;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds the interval snapshots of a cluster from the messages of its histograms topic: each
 * worker's intervals as it measured them, and the cluster's, where the workers' intervals are added up
 * phase by phase. Workers start at different times, so their intervals do not line up: the cluster's
 * are cut on one grid, from the earliest interval in the topic and as long as the workers' usual
 * interval, and a worker's interval counts in the cluster interval its start falls in (the last one
 * lasts until the last worker's end). Runs of
 * different kinds (http and dns workers on one topic) make separate clusters, since their phases mean
 * different things. One thread only.
 */
public final class ClusterIntervals {
    /** Kind, then worker, then interval start, then the phases of that interval. */
    private final Map<String, Map<String, TreeMap<Long, Interval>>> kinds = new TreeMap<>();
    /** The range and precision of bulkfetch's phases, for the packed histograms to copy. */
    private static final Histogram RANGE = PhaseRecorder.newHistogram();

    private long messages;

    /** One interval of one worker: its end and its phases in the order they came. */
    private static final class Interval {
        long endEpochMs;
        final Map<String, Histogram> phases = new LinkedHashMap<>();
    }

    /** Adds one message; a phase sent twice for an interval is added up. */
    public void add(HistogramMessage m) {
        Interval i = kinds.computeIfAbsent(m.kind(), k -> new TreeMap<>())
                .computeIfAbsent(m.worker(), w -> new TreeMap<>())
                .computeIfAbsent(m.startEpochMs(), s -> new Interval());
        i.endEpochMs = Math.max(i.endEpochMs, m.endEpochMs());
        i.phases.computeIfAbsent(m.phase(), ClusterIntervals::packed).add(m.histogram());
        messages++;
    }

    /** Messages added. */
    public long messages() {
        return messages;
    }

    /** The kinds of run in the topic, sorted. */
    public List<String> kinds() {
        return List.copyOf(kinds.keySet());
    }

    /** The workers of one kind, sorted. */
    public List<String> workers(String kind) {
        return List.copyOf(kinds.getOrDefault(kind, Map.of()).keySet());
    }

    /** One worker's intervals, in order, as it measured them. */
    public List<IntervalSnapshot> worker(String kind, String worker) {
        List<IntervalSnapshot> out = new ArrayList<>();
        kinds.getOrDefault(kind, Map.of()).getOrDefault(worker, new TreeMap<>()).forEach((start, i) ->
                out.add(new IntervalSnapshot(start, i.endEpochMs, tagged(i.phases, start, i.endEpochMs))));
        return out;
    }

    /** The cluster's intervals of one kind: every worker's phases added up per interval of the grid. */
    public List<IntervalSnapshot> cluster(String kind) {
        Map<String, TreeMap<Long, Interval>> workers = kinds.getOrDefault(kind, Map.of());
        long origin = Long.MAX_VALUE;
        List<Long> lengths = new ArrayList<>();
        for (TreeMap<Long, Interval> intervals : workers.values()) {
            origin = Math.min(origin, intervals.firstKey());
            intervals.forEach((start, i) -> lengths.add(i.endEpochMs - start));
        }
        if (lengths.isEmpty()) {
            return List.of();
        }
        long length = Math.max(1, lengths.stream().sorted().toList().get(lengths.size() / 2));
        TreeMap<Long, Interval> grid = new TreeMap<>();
        for (TreeMap<Long, Interval> intervals : workers.values()) {
            for (Map.Entry<Long, Interval> e : intervals.entrySet()) {
                long slot = origin + (e.getKey() - origin) / length * length;
                Interval into = grid.computeIfAbsent(slot, s -> new Interval());
                // a cluster interval ends where the grid says, or earlier where every worker stopped sooner
                into.endEpochMs = Math.max(into.endEpochMs, Math.min(slot + length, e.getValue().endEpochMs));
                e.getValue().phases.forEach((phase, h) -> into.phases.computeIfAbsent(phase, ClusterIntervals::packed).add(h));
            }
        }
        // the last one runs until the last worker stopped, so the cluster's run is as long as its work
        Interval lastSlot = grid.lastEntry().getValue();
        workers.values().forEach(intervals -> lastSlot.endEpochMs = Math.max(lastSlot.endEpochMs,
                intervals.lastEntry().getValue().endEpochMs));
        List<IntervalSnapshot> out = new ArrayList<>();
        grid.forEach((start, i) -> out.add(new IntervalSnapshot(start, Math.max(start + 1, i.endEpochMs),
                tagged(i.phases, start, i.endEpochMs))));
        return out;
    }

    /**
     * The runs a report shows: each kind's cluster, then every worker of it, all on the clock of the
     * topic's earliest interval so that their plots over time line up.
     *
     * @param startSeconds keep intervals starting at or after this many seconds after that
     * @param endSeconds   and ending at or before this many; {@link Double#MAX_VALUE} for all
     * @param settings     what the report shows as settings of every run (where the topic is)
     */
    public List<RunRecord> runs(double startSeconds, double endSeconds, Map<String, String> settings) {
        boolean several = kinds.size() > 1;
        List<RunRecord> out = new ArrayList<>();
        for (String kind : kinds.keySet()) {
            List<String> workers = workers(kind);
            Map<String, String> clusterSettings = new LinkedHashMap<>(settings);
            clusterSettings.put("kind", kind);
            clusterSettings.put("workers", String.join(" ", workers));
            add(out, several ? "cluster " + kind : "cluster", within(cluster(kind), startSeconds, endSeconds),
                    clusterSettings);
            for (String w : workers) {
                Map<String, String> workerSettings = new LinkedHashMap<>(settings);
                workerSettings.put("kind", kind);
                workerSettings.put("worker", w);
                add(out, "worker " + w + (several ? " " + kind : ""),
                        within(worker(kind, w), startSeconds, endSeconds), workerSettings);
            }
        }
        return out;
    }

    /**
     * The intervals that start at or after {@code startSeconds} and end at or before {@code endSeconds}
     * after the topic's earliest interval.
     */
    public List<IntervalSnapshot> within(List<IntervalSnapshot> intervals, double startSeconds, double endSeconds) {
        long origin = origin();
        return intervals.stream().filter(s -> (s.startEpochMs() - origin) / 1000.0 >= startSeconds
                && (s.endEpochMs() - origin) / 1000.0 <= endSeconds).toList();
    }

    /** When the earliest interval in the topic started, or 0 without any. */
    public long origin() {
        return kinds.values().stream().flatMap(w -> w.values().stream()).mapToLong(TreeMap::firstKey).min().orElse(0);
    }

    private void add(List<RunRecord> out, String label, List<IntervalSnapshot> intervals, Map<String, String> settings) {
        long origin = origin();
        Map<String, Histogram> phases = new LinkedHashMap<>();
        List<IntervalPoint> points = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (IntervalSnapshot s : intervals) {
            for (Histogram h : s.phases()) {
                phases.computeIfAbsent(h.getTag(), ClusterIntervals::sum).add(h);
            }
            points.add(IntervalPoint.of((s.startEpochMs() - origin) / 1000.0,
                    (s.endEpochMs() - s.startEpochMs()) / 1000.0, s.phases()));
            first = Math.min(first, s.startEpochMs());
            last = Math.max(last, s.endEpochMs());
        }
        if (points.isEmpty()) {
            return; // nothing of this run in the chosen time range
        }
        phases.forEach((tag, h) -> h.setTag(tag));
        // started when its first interval did; its points count from the topic's start, like the others'
        out.add(new RunRecord(label, first, (last - first) / 1000.0, settings, phases, points, Map.of(), Map.of(),
                null));
    }

    /**
     * A histogram to keep one interval's phase in: bulkfetch's range and precision, packed, so that it
     * takes a few KiB for the values it holds rather than the ~190 KiB of a full one-hour histogram
     * (a report holds every interval of every worker until the topic is read).
     */
    private static Histogram packed(String tag) {
        PackedHistogram h = new PackedHistogram(RANGE);
        h.setAutoResize(true);
        h.setTag(tag);
        return h;
    }

    /** A histogram to add a run's phases into: bulkfetch's range and precision, growing for a larger value. */
    private static Histogram sum(String tag) {
        Histogram h = PhaseRecorder.newHistogram();
        h.setAutoResize(true);
        h.setTag(tag);
        return h;
    }

    private static List<Histogram> tagged(Map<String, Histogram> phases, long start, long end) {
        List<Histogram> out = new ArrayList<>(phases.size());
        phases.forEach((phase, h) -> {
            Histogram c = h.copy();
            c.setTag(phase);
            c.setStartTimeStamp(start);
            c.setEndTimeStamp(end);
            out.add(c);
        });
        return out;
    }
}
