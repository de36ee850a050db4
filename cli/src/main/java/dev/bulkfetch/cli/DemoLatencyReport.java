package dev.bulkfetch.cli;

import dev.bulkfetch.engine.HttpRun;
import dev.bulkfetch.engine.HttpRunReport;
import dev.bulkfetch.io.ResultSink;
import dev.bulkfetch.engine.HttpEngines;
import dev.bulkfetch.engine.RunLimits;
import dev.bulkfetch.engine.RunSpec;
import dev.bulkfetch.http.HostsFile;
import dev.bulkfetch.http.HttpEngineConfig;
import dev.bulkfetch.io.HttpResult;
import dev.bulkfetch.io.HttpTargets;
import dev.bulkfetch.io.InputArguments;
import dev.bulkfetch.metrics.report.LatencyTable;
import dev.bulkfetch.metrics.Phases;
import dev.bulkfetch.metrics.RunRecord;
import dev.bulkfetch.testbed.HttpTestbed;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's latency report: a constant-rate HTTP run in which the server stalls once, showing the
 * corrected latencies next to the service times, written as an interval log and an HTML report
 * into the demo's folder.
 */
final class DemoLatencyReport {
    private static final int FETCHES = 2000;
    private static final int RATE = 1000;
    private static final int IN_FLIGHT = 1;
    /** The run's files in the demo folder: NAME.hlog and NAME.html. */
    static final String NAME = "http-rate";

    private DemoLatencyReport() {
    }

    static void run(PrintStream out, HttpTestbed http, DemoFolder folder) throws IOException {
        out.printf(Locale.ROOT, "http --rate %,d -c %d: %,d fetches at a constant rate; one request stalls the"
                + " server's answer for 700 ms%n", RATE, IN_FLIGHT, FETCHES);
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < FETCHES; i++) {
            urls.append(http.baseUrl()).append(i == FETCHES / 3 ? "/delay/700/1024" : "/bytes/1024").append('\n');
        }
        ReportOutputs outputs = folder.outputs(NAME, "--rate", String.valueOf(RATE), "--concurrency",
                String.valueOf(IN_FLIGHT), "inputs", FETCHES + " URLs of " + http.baseUrl() + ", one of them /delay/700/1024");
        HttpRunReport r;
        try (InputArguments lines = new InputArguments(List.of("-"), new ByteArrayInputStream(urls.toString()
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
            r = HttpRun.run(RunSpec.builder(new HttpEngines(HttpEngineConfig.builder().perHost(IN_FLIGHT).build(),
                    null, HostsFile.empty()), HttpTargets.of(lines), ResultSink.<HttpResult>discard())
                    .limits(new RunLimits(IN_FLIGHT, RATE)).listener(outputs).build());
        }
        RunRecord record = outputs.record(r.outcome(), r.outcomes(), r.phases());
        outputs.finish(record);
        Map<String, Histogram> shown = new LinkedHashMap<>();
        shown.put(Phases.TOTAL, r.phases().get(Phases.TOTAL));
        shown.put(Phases.SERVICE, r.phases().get(Phases.SERVICE));
        LatencyTable.print(out, shown);
        out.println("  'total' counts from each fetch's intended start, so the fetches queued behind the stall");
        out.println("  show it; 'service' (from the actual send) hides it, which is what coordinated omission means.");
    }
}
