package dev.bulkfetch.metrics.report;

/** The HTML report's style sheet: inline, with system fonts only, so the page needs no network. */
final class ReportStyle {
    /** Plain CSS without '&lt;' or '&amp;', so it can stand unescaped in a page that must parse as XML. */
    static final String CSS = String.join("\n",
            "body{margin:0 auto;max-width:1160px;padding:24px 28px 48px;color:#1f2328;background:#fff;"
                    + "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}",
            "h1{font-size:22px;margin:2px 0 6px}",
            "h2{font-size:17px;margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid #e3e6ea}",
            "h3{font-size:14px;margin:18px 0 6px}",
            ".kicker{color:#6a737d;font-size:12px;text-transform:uppercase;letter-spacing:.06em}",
            ".swatch{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:8px;"
                    + "vertical-align:-1px}",
            ".run-names{list-style:none;padding:0;margin:0}",
            "dl.figures{display:flex;flex-wrap:wrap;gap:8px 32px;margin:8px 0 12px}",
            "dl.figures div{min-width:110px}",
            "dt{color:#6a737d;font-size:12px}",
            "dd{margin:0;font-size:16px;font-variant-numeric:tabular-nums}",
            ".rate{border:1px solid #cfe5d8;background:#f4faf6;border-radius:6px;padding:6px 14px;margin:10px 0;"
                    + "max-width:860px}",
            ".rate.behind{border-color:#f1b8b3;background:#fff5f4}",
            ".rate-warning{color:#b42318;font-weight:600}",
            ".rate-ok{color:#1e7a46;font-weight:600}",
            ".note,.empty{color:#57606a;font-size:12.5px}",
            "table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:4px 0}",
            "th,td{padding:3px 10px;text-align:right;border-bottom:1px solid #eef0f2;vertical-align:top}",
            "th:first-child,td:first-child{text-align:left}",
            "thead th{color:#57606a;font-weight:600;border-bottom:1px solid #d0d7de}",
            ".plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:8px 28px}",
            "figure{margin:10px 0 18px}",
            "figcaption{font-weight:600;margin-bottom:4px}",
            "svg.percentile-plot,svg.time-plot{display:block;width:100%;max-width:720px;height:auto}",
            "svg text{font-size:11px;fill:#57606a}",
            "svg .axis-title{font-size:12px;fill:#1f2328}",
            ".grid line{stroke:#e9ecef;stroke-width:1}",
            ".frame{fill:none;stroke:#aab2bb;stroke-width:1}",
            ".legend{list-style:none;padding:0;margin:4px 0 0;display:flex;flex-wrap:wrap;gap:4px 18px;"
                    + "font-size:12.5px}",
            ".legend .key{vertical-align:middle;margin-right:6px}",
            ".bars td.bar{width:340px}",
            ".bars td.bar div{height:12px;border-radius:2px;background:#4c8bd0}",
            ".bars tr.error th{color:#b42318}",
            ".bars tr.error td.bar div{background:#e8643c}",
            "table.settings td{text-align:left;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
                    + "font-size:12.5px;word-break:break-all}");

    private ReportStyle() {
    }
}
