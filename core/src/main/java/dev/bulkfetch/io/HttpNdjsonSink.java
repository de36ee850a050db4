package dev.bulkfetch.io;

import dev.bulkfetch.http.HttpFetchResult;
import dev.bulkfetch.http.PhaseTimings;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * Writes HTTP results as NDJSON, one object per target, with the fields listed in ARCHITECTURE.md:
 * {@code line, input, url, ip, status, bytes, wire_bytes, content_encoding, chunked, sha256,
 * timing_ms {dns, connect, tls, ttfb, total}, attempts, redirects, tls, headers (when asked), error}; when the run
 * retries, also {@code tries} (attempts at the target) and {@code retried} (the failed attempts before the last:
 * {@code status}, {@code error}, {@code wait_ms}).
 */
public final class HttpNdjsonSink extends TextSink<HttpResult> {
    private final BodyStore bodies;

    /** @param bodies where decoded bodies are stored, or null */
    public HttpNdjsonSink(Writer out, BodyStore bodies) {
        super(out);
        this.bodies = bodies;
    }

    @Override
    protected void format(HttpResult r) throws IOException {
        HttpFetchResult f = r.fetch();
        HttpFetchResult.Payload p = f == null ? HttpFetchResult.Payload.NONE : f.payload();
        sb.append("{\"line\":").append(r.target().line()).append(",\"input\":");
        JsonText.string(sb, r.target().input());
        sb.append(",\"url\":");
        JsonText.string(sb, f == null ? null : f.url().toString());
        sb.append(",\"ip\":");
        JsonText.string(sb, f == null ? null : f.ip());
        sb.append(",\"status\":");
        if (f == null || f.status() < 0) {
            sb.append("null");
        } else {
            sb.append(f.status());
        }
        sb.append(",\"bytes\":").append(p.bytes());
        sb.append(",\"wire_bytes\":").append(p.wireBytes());
        sb.append(",\"content_encoding\":");
        JsonText.string(sb, p.contentEncoding());
        sb.append(",\"chunked\":").append(p.chunked());
        sb.append(",\"sha256\":");
        JsonText.string(sb, p.sha256());
        sb.append(",\"timing_ms\":");
        timings(f == null ? null : f.timings());
        sb.append(",\"attempts\":").append(f == null ? 0 : f.attempts());
        if (r.retried() != null) {
            retried(r);
        }
        sb.append(",\"redirects\":");
        JsonText.strings(sb, f == null ? List.of() : f.redirects());
        sb.append(",\"tls\":");
        if (f == null || f.tls() == null) {
            sb.append("null");
        } else {
            sb.append("{\"version\":");
            JsonText.string(sb, f.tls().version()).append(",\"cipher\":");
            JsonText.string(sb, f.tls().cipher()).append('}');
        }
        if (f != null && f.headers() != null) {
            sb.append(",\"headers\":[");
            List<Map.Entry<String, String>> headers = f.headers();
            for (int i = 0; i < headers.size(); i++) {
                sb.append(i > 0 ? ",[" : "[");
                JsonText.string(sb, headers.get(i).getKey()).append(',');
                JsonText.string(sb, headers.get(i).getValue()).append(']');
            }
            sb.append(']');
        }
        if (bodies != null && p.body() != null && p.sha256() != null) {
            bodies.store(p.sha256(), p.body());
        }
        sb.append(',');
        ErrorJson.append(sb, r.error()).append("}\n");
    }

    private void retried(HttpResult r) throws IOException {
        sb.append(",\"tries\":").append(r.tries()).append(",\"retried\":[");
        List<RetriedAttempt> attempts = r.retried();
        for (int i = 0; i < attempts.size(); i++) {
            RetriedAttempt a = attempts.get(i);
            sb.append(i > 0 ? ",{\"status\":" : "{\"status\":");
            if (a.status() < 0) {
                sb.append("null");
            } else {
                sb.append(a.status());
            }
            sb.append(',');
            ErrorJson.append(sb, a.error()).append(",\"wait_ms\":").append(a.waitMillis()).append('}');
        }
        sb.append(']');
    }

    private void timings(PhaseTimings t) {
        if (t == null) {
            sb.append("null");
            return;
        }
        sb.append("{\"dns\":");
        JsonText.millis(sb, t.dns()).append(",\"connect\":");
        JsonText.millis(sb, t.connect()).append(",\"tls\":");
        JsonText.millis(sb, t.tls()).append(",\"ttfb\":");
        JsonText.millis(sb, t.ttfb()).append(",\"total\":");
        JsonText.millis(sb, t.total()).append('}');
    }

}
