package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.RunRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as the HTML report shows it.
 *
 * @param index  position among the report's runs, from 0
 * @param run    the run
 * @param name   its label, made unique within the report
 * @param colour the CSS colour of its lines and swatches
 */
record RunView(int index, RunRecord run, String name, String colour) {
    /** Colours that stay apart from each other on white and for common colour blindness. */
    private static final List<String> PALETTE = List.of("#2f6db5", "#e07b00", "#2a9d5c", "#c0392b",
            "#7b52ab", "#17a2b8", "#8c6d31", "#d4589d");

    static List<RunView> of(List<RunRecord> runs) {
        Map<String, Integer> seen = new HashMap<>();
        for (RunRecord r : runs) {
            seen.merge(baseName(r), 1, Integer::sum);
        }
        List<RunView> out = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            String base = baseName(runs.get(i));
            // two runs of the same command would otherwise be told apart by colour alone
            String name = seen.get(base) > 1 ? base + " #" + (i + 1) : base;
            out.add(new RunView(i, runs.get(i), name, PALETTE.get(i % PALETTE.size())));
        }
        return out;
    }

    private static String baseName(RunRecord r) {
        return r.label() == null || r.label().isBlank() ? "run" : r.label();
    }
}
