package org.odeon.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code report.html}: one self-contained static page for a sweep folder or a run folder. Plots are the PNGs the
 * reports already render, embedded as data URIs, and the little script that drives the side-by-side comparison is
 * inline, so the page needs no network and no other file at view time. For a sweep it shows the aggregate table
 * and plots, then every run (settings, status, metrics, the command that reproduces it); ticking runs compares
 * their metrics, settings and plots side by side.
 */
public final class HtmlReport {
    private HtmlReport() {}

    public static final String FILE = "report.html";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Writes {@code dir/report.html} for a sweep folder or a run folder and returns its path; aggregate plots not
     * rendered yet (by {@link SweepReport#write}) are rendered here.
     */
    public static Path write(Path dir, boolean geomean) throws IOException {
        String html;
        if (SweepReport.isSweep(dir)) {
            SweepReport.Sweep s = SweepReport.read(dir);
            var runs = new ArrayList<Map<String, Object>>();
            for (SweepReport.Run r : s.runs()) runs.add(run(dir.resolve(r.folder()), r.folder(), r.status(), r.command()));
            var aggregate = new ArrayList<String>();
            for (Plot p : SweepReport.plots(s)) {
                Path png = dir.resolve(p.file() + ".png");
                aggregate.add(dataUri(Files.exists(png) ? png : PlotRenderer.writePng(p, dir)));
            }
            html = page("Sweep of " + s.experiment() + " (" + s.scale() + " scale)",
                    s.runs().size() + " runs over " + s.grid().keySet() + "; each aggregate cell is mean ± sample std over the finished seeds"
                            + (geomean ? " [geometric mean]" : ""),
                    table(SweepReport.table(s, geomean)), aggregate, runs);
        } else {
            RunInfo info = RunFiles.readInfo(dir);
            html = page(info.experiment() + " (" + info.scale() + " scale, seed " + info.seed() + ")", info.summary(), "", List.of(),
                    List.of(run(dir, dir.getFileName().toString(), RunFiles.finished(dir) ? "finished" : "unfinished", RunReport.command(info))));
        }
        Path out = dir.resolve(FILE);
        RunReport.writeText(out, html);
        return out;
    }

    /** What the page knows of one run: settings, metrics, plots (as data URIs) and its command. */
    private static Map<String, Object> run(Path dir, String name, String status, String command) throws IOException {
        var r = new LinkedHashMap<String, Object>();
        r.put("name", name);
        r.put("status", status);
        r.put("command", command);
        Map<String, Object> config = Files.exists(dir.resolve(RunFiles.CONFIG)) ? RunFiles.readInfo(dir).config() : Map.of();
        r.put("config", config);
        r.put("metrics", RunFiles.finished(dir) ? Json.readNumbers(dir.resolve(RunFiles.METRICS)) : Map.of());
        var plots = new LinkedHashMap<String, String>();
        if (Files.isDirectory(dir))
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList())
                    plots.put(p.getFileName().toString(), dataUri(p));
            }
        r.put("plots", plots);
        return r;
    }

    private static String dataUri(Path png) throws IOException {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    }

    /** A Markdown table (as {@link SweepReport#table} writes it) as an HTML table. */
    static String table(String markdown) {
        var h = new StringBuilder("<table class=\"agg\">\n");
        List<String> lines = markdown.lines().filter(l -> l.startsWith("|")).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (i == 1) continue;  // the |---| line
            String tag = i == 0 ? "th" : "td";
            h.append("<tr>");
            String l = lines.get(i);
            for (String c : l.substring(1, l.length() - 1).split("\\|", -1)) h.append('<').append(tag).append('>').append(escape(c.strip())).append("</").append(tag).append('>');
            h.append("</tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String page(String title, String subtitle, String aggregateTable, List<String> aggregatePlots, List<Map<String, Object>> runs)
            throws IOException {
        // inside <script>, "</" would end the element: JSON allows the escaped form
        String data = MAPPER.writeValueAsString(runs).replace("</", "<\\/");
        var h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"data:,\">\n<title>")
                .append(escape(title)).append("</title>\n<style>").append(CSS).append("</style></head>\n<body>\n<h1>").append(escape(title))
                .append("</h1>\n<p class=\"sub\">").append(escape(subtitle)).append("</p>\n");
        if (!aggregateTable.isEmpty()) {
            h.append("<h2>Aggregate</h2>\n<div class=\"scroll\">").append(aggregateTable).append("</div>").append("<div class=\"plots\">\n");
            for (String uri : aggregatePlots) h.append("<img class=\"plot\" alt=\"aggregate plot\" src=\"").append(uri).append("\">\n");
            h.append("</div>\n");
        }
        h.append("<h2>Runs</h2>\n<p>Tick runs to compare them side by side.</p>\n<table id=\"runs\"></table>\n")
                .append("<h2>Comparison</h2>\n<div id=\"compare\"></div>\n")
                .append("<script type=\"application/json\" id=\"data\">").append(data).append("</script>\n<script>").append(SCRIPT).append("</script>\n")
                .append("</body></html>\n");
        return h.toString();
    }

    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse;margin:.5em 0;font-size:13px}
            td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
            th{background:#f2f2f2} .sub{color:#555}
            code{background:#f6f6f6;padding:1px 4px;font-size:12px}
            img.plot{width:420px;margin:4px;border:1px solid #ddd}
            .cols{display:flex;gap:12px;align-items:flex-start;overflow-x:auto}
            .col{min-width:440px} .diff{background:#fff3c4} .scroll{overflow-x:auto}
            """;

    /** The comparison: builds the runs table and, for the ticked runs, metrics and settings tables and their plots. */
    private static final String SCRIPT = """
            'use strict';
            const runs = JSON.parse(document.getElementById('data').textContent);
            const fmt = v => typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v);
            const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
            const selected = new Set(runs.slice(0, 2).map((r, i) => i));
            function runsTable() {
              const t = document.getElementById('runs');
              const head = t.insertRow();
              ['compare', 'run', 'status', 'headline', 'reproduce'].forEach(h => head.appendChild(el('th', h)));
              runs.forEach((r, i) => {
                const row = t.insertRow();
                const box = document.createElement('input');
                box.type = 'checkbox'; box.checked = selected.has(i);
                box.addEventListener('change', () => { box.checked ? selected.add(i) : selected.delete(i); compare(); });
                row.insertCell().appendChild(box);
                row.insertCell().textContent = r.name;
                row.insertCell().textContent = r.status;
                const m = Object.entries(r.metrics);
                row.insertCell().textContent = m.length ? m[0][0] + ' = ' + fmt(m[0][1]) : '';
                row.insertCell().appendChild(el('code', r.command));
              });
            }
            function keyTable(title, pick, chosen) {
              const keys = [...new Set(chosen.flatMap(r => Object.keys(pick(r))))];
              const t = el('table');
              const head = t.insertRow();
              [title, ...chosen.map(r => r.name)].forEach(h => head.appendChild(el('th', h)));
              keys.forEach(k => {
                const vals = chosen.map(r => k in pick(r) ? fmt(pick(r)[k]) : '');
                const row = t.insertRow();
                if (new Set(vals).size > 1) row.className = 'diff';
                row.insertCell().textContent = k;
                vals.forEach(v => { row.insertCell().textContent = v; });
              });
              return t;
            }
            function compare() {
              const c = document.getElementById('compare');
              c.replaceChildren();
              const chosen = runs.filter((r, i) => selected.has(i));
              if (!chosen.length) { c.appendChild(el('p', 'No run ticked.')); return; }
              c.appendChild(el('p', 'Rows that differ between the ticked runs are highlighted.'));
              c.appendChild(keyTable('metric', r => r.metrics, chosen));
              c.appendChild(keyTable('setting', r => r.config, chosen));
              const cols = el('div', undefined, 'cols');
              chosen.forEach(r => {
                const col = el('div', undefined, 'col');
                col.appendChild(el('h3', r.name));
                col.appendChild(el('code', r.command));
                Object.entries(r.plots).forEach(([name, uri]) => {
                  const img = el('img', undefined, 'plot'); img.alt = name; img.title = name; img.src = uri; col.appendChild(img);
                });
                cols.appendChild(col);
              });
              c.appendChild(cols);
            }
            runsTable();
            compare();
            """;
}
