package org.odeon.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.odeon.io.AtomicFiles;

/**
 * {@code report.md} of a run, built from the run's files alone ({@code config.json}, {@code metrics.json},
 * {@code plots.json} and the PNGs), so it can be rebuilt at any time; and a comparison table of several
 * runs of one experiment.
 */
public final class RunReport {
    private RunReport() {}

    /** Re-renders the PNGs from {@code plots.json} (when present) and rewrites {@code report.md}; returns its path. */
    public static Path rebuild(Path dir) throws IOException {
        RunInfo info = RunFiles.readInfo(dir);
        List<Plot> plots = Files.exists(dir.resolve(RunFiles.PLOTS))
                ? List.of(Json.read(dir.resolve(RunFiles.PLOTS), Plot[].class)) : List.of();
        for (Plot p : plots) PlotRenderer.writePng(p, dir);
        Path out = dir.resolve(RunFiles.REPORT);
        writeText(out, markdown(dir, info, plots));
        return out;
    }

    static String markdown(Path dir, RunInfo info, List<Plot> plots) throws IOException {
        var md = new StringBuilder();
        md.append("# ").append(info.experiment()).append(" (").append(info.scale()).append(" scale, seed ").append(info.seed()).append(")\n\n");
        md.append(info.summary()).append("\n\n");
        md.append("Reproduces: ").append(info.paper()).append(". Family: ").append(info.family()).append(".\n\n");
        if (info.limits() != null && !info.limits().isBlank())
            md.append("**What the ").append(info.scale()).append(" scale cannot show:** ").append(info.limits()).append("\n\n");
        md.append("Started ").append(info.started()).append(". ");
        if (RunFiles.finished(dir)) {
            md.append("Finished.\n\n## Metrics\n\n| metric | value |\n|---|---|\n");
            boolean first = true;
            for (var e : Json.readNumbers(dir.resolve(RunFiles.METRICS)).entrySet()) {
                String name = first ? "**" + e.getKey() + "** (headline)" : e.getKey();
                md.append("| ").append(name).append(" | ").append(number(e.getValue())).append(" |\n");
                first = false;
            }
        } else {
            md.append(RunFiles.checkpoints(dir).isEmpty() ? "**Did not finish** (no metrics, no checkpoint).\n"
                    : "**Stopped before finishing**; continue with `odeon run --resume " + dir + "`.\n");
        }
        md.append("\n");
        for (String table : tables(dir))  // Markdown tables the experiment wrote beside its metrics (e.g. table.md)
            md.append("## ").append(table, 0, table.length() - 3).append("\n\n").append(Files.readString(dir.resolve(table)).strip()).append("\n\n");
        var embedded = new LinkedHashSet<String>();
        if (!plots.isEmpty() || !pngs(dir).isEmpty()) md.append("## Plots\n\n");
        for (Plot p : plots) {
            md.append("![").append(p.title()).append("](").append(p.file()).append(".png)\n\n");
            embedded.add(p.file() + ".png");
        }
        for (String png : pngs(dir))  // PNGs without a recorded spec, e.g. added by hand
            if (!embedded.contains(png)) md.append("![").append(png).append("](").append(png).append(")\n\n");
        md.append("## Configuration\n\n| key | value |\n|---|---|\n");
        for (var e : info.config().entrySet()) {
            boolean set = info.overrides().containsKey(e.getKey());
            md.append("| ").append(e.getKey()).append(" | ").append(value(e.getValue())).append(set ? " (set)" : "").append(" |\n");
        }
        md.append("\nReproduce with\n\n```\n").append(command(info)).append("\n```\n\n## Versions\n\n");
        info.versions().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append("\n"));
        if (Files.exists(dir.resolve(RunFiles.MODEL)))
            md.append("\nThe trained model is in `").append(RunFiles.MODEL).append("`.\n");
        return md.toString();
    }

    /** Writes UTF-8 text atomically. */
    public static void writeText(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
    }

    /** The command line that reruns this configuration. */
    public static String command(RunInfo info) {
        var c = new StringBuilder("odeon run ").append(info.experiment()).append(" --scale ").append(info.scale()).append(" --seed ").append(info.seed());
        info.overrides().forEach((k, v) -> c.append(" --set ").append(k).append('=').append(shellQuote(v)));
        return c.toString();
    }

    /**
     * A Markdown table with one row per run: the settings that differ between the runs, then every
     * metric (in the order the first run lists them). All runs must be of the same experiment.
     */
    public static String compare(List<Path> dirs) throws IOException {
        var infos = new ArrayList<RunInfo>();
        var metrics = new ArrayList<Map<String, Double>>();
        for (Path d : dirs) {
            RunInfo info = RunFiles.readInfo(d);
            if (!infos.isEmpty() && !info.experiment().equals(infos.getFirst().experiment()))
                throw new ReportException("cannot compare runs of different experiments: " + dirs.getFirst() + " is "
                        + infos.getFirst().experiment() + " but " + d + " is " + info.experiment());
            infos.add(info);
            metrics.add(RunFiles.finished(d) ? Json.readNumbers(d.resolve(RunFiles.METRICS)) : Map.of());
        }
        Set<String> keys = new LinkedHashSet<>();
        keys.add("scale");
        keys.add("seed");
        infos.forEach(i -> keys.addAll(i.config().keySet()));
        List<String> differing = keys.stream().filter(k -> infos.stream().map(i -> setting(i, k)).distinct().count() > 1).toList();
        Set<String> names = new LinkedHashSet<>();
        metrics.forEach(m -> names.addAll(m.keySet()));

        var md = new StringBuilder("# ").append(infos.getFirst().experiment()).append(": ").append(dirs.size()).append(" runs\n\n");
        var header = new ArrayList<String>();
        header.add("run");
        header.addAll(differing);
        header.addAll(names);
        md.append(row(header)).append(row(header.stream().map(h -> "---").toList()));
        for (int r = 0; r < dirs.size(); r++) {
            var cells = new ArrayList<String>();
            cells.add(dirs.get(r).getFileName().toString() + (metrics.get(r).isEmpty() ? " (unfinished)" : ""));
            for (String k : differing) cells.add(value(setting(infos.get(r), k)));
            for (String n : names) cells.add(metrics.get(r).containsKey(n) ? number(metrics.get(r).get(n)) : "");
            md.append(row(cells));
        }
        if (differing.isEmpty()) md.append("\nAll runs have the same settings.\n");
        return md.toString();
    }

    private static Object setting(RunInfo info, String key) {
        return switch (key) {
            case "scale" -> info.scale();
            case "seed" -> info.seed();
            default -> info.config().get(key);
        };
    }

    private static String row(List<String> cells) { return "| " + String.join(" | ", cells) + " |\n"; }

    /** The Markdown files an experiment wrote into its run folder (every {@code .md} but the report itself), by name. */
    private static List<String> tables(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md") && !n.equals(RunFiles.REPORT)).sorted().toList();
        }
    }

    private static List<String> pngs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
    }

    /** At most four significant digits, trailing zeros dropped: enough to compare runs, short enough for a table. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e), exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + exponent;
    }

    private static String value(Object v) {
        return v instanceof Double d ? number(d) : Objects.toString(v);
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9._+:/=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

}
