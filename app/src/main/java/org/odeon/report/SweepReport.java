package org.odeon.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The aggregate of a sweep folder: per setting (one grid combination over its seeds), the mean ± sample standard
 * deviation of every metric of the finished runs (and their geometric mean when asked), as {@code sweep-report.md}
 * with one plot per metric against the first numeric grid setting.
 */
public final class SweepReport {
    private SweepReport() {}

    public static final String REPORT = "sweep-report.md";

    /** A finished or unfinished run of the sweep, as {@code sweep.json} lists it. */
    public record Run(String folder, Map<String, String> settings, long seed, String status, String command, Map<String, Double> metrics) {}

    /** The runs of one grid combination and their statistics per metric. */
    public record Setting(Map<String, String> settings, List<Run> runs, Map<String, Stats> stats) {
        public long finished() { return runs.stream().filter(r -> !r.metrics().isEmpty()).count(); }
    }

    /** Mean, sample standard deviation (0 for one value), geometric mean (NaN unless every value is positive), count. */
    public record Stats(double mean, double std, double geomean, int n) {
        static Stats of(List<Double> v) {
            int n = v.size();
            double mean = v.stream().mapToDouble(Double::doubleValue).sum() / n, ss = 0, logs = 0;
            boolean positive = true;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
                if (x > 0) logs += Math.log(x); else positive = false;
            }
            return new Stats(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, positive ? Math.exp(logs / n) : Double.NaN, n);
        }
    }

    /** A sweep read from its folder: experiment, grid, the settings in grid order and every run. */
    public record Sweep(Path dir, String experiment, String scale, Map<String, List<String>> grid, List<Setting> settings, List<String> metrics) {
        public List<Run> runs() { return settings.stream().flatMap(s -> s.runs().stream()).toList(); }
    }

    public static boolean isSweep(Path dir) { return Files.exists(dir.resolve(RunFiles.SWEEP)); }

    @SuppressWarnings("unchecked")
    public static Sweep read(Path dir) throws IOException {
        Path file = dir.resolve(RunFiles.SWEEP);
        var o = Json.readObject(file);
        Map<String, List<String>> grid = new LinkedHashMap<>();
        ((Map<String, List<Object>>) o.get("grid")).forEach((k, v) -> grid.put(k, v.stream().map(String::valueOf).toList()));
        var bySetting = new LinkedHashMap<Map<String, String>, List<Run>>();
        Set<String> names = new LinkedHashSet<>();
        for (var r : (List<Map<String, Object>>) o.get("runs")) {
            String folder = (String) r.get("folder");
            if (folder == null || !folder.matches("[A-Za-z0-9._~+-]+"))
                throw new ReportException(file + ": run folder name '" + folder + "' is not a plain folder name");
            Path run = dir.resolve(folder);
            Map<String, Double> m = RunFiles.finished(run) ? Json.readNumbers(run.resolve(RunFiles.METRICS)) : Map.of();
            names.addAll(m.keySet());
            var settings = (Map<String, String>) (Map<String, ?>) r.get("settings");
            var s = new LinkedHashMap<String, String>();
            settings.forEach((k, v) -> s.put(k, String.valueOf(v)));
            bySetting.computeIfAbsent(s, k -> new ArrayList<>()).add(new Run(folder, s, ((Number) r.get("seed")).longValue(),
                    RunFiles.finished(run) ? "finished" : String.valueOf(r.get("status")).toLowerCase(java.util.Locale.ROOT), (String) r.get("command"), m));
        }
        List<Setting> settings = new ArrayList<>();
        bySetting.forEach((s, runs) -> {
            var stats = new LinkedHashMap<String, Stats>();
            for (String n : names) {
                List<Double> v = runs.stream().filter(r -> r.metrics().containsKey(n)).map(r -> r.metrics().get(n)).toList();
                if (!v.isEmpty()) stats.put(n, Stats.of(v));
            }
            settings.add(new Setting(s, runs, stats));
        });
        return new Sweep(dir, (String) o.get("experiment"), (String) o.get("scale"), grid, settings, List.copyOf(names));
    }

    /** Writes {@code sweep-report.md} and its plots into the sweep folder; returns the report's path. */
    public static Path write(Path dir, boolean geomean) throws IOException {
        Sweep s = read(dir);
        List<Plot> plots = plots(s);
        for (Plot p : plots) PlotRenderer.writePng(p, dir);
        Path out = dir.resolve(REPORT);
        RunReport.writeText(out, markdown(s, plots, geomean));
        return out;
    }

    static String markdown(Sweep s, List<Plot> plots, boolean geomean) {
        var md = new StringBuilder("# Sweep of ").append(s.experiment()).append(" (").append(s.scale()).append(" scale)\n\n");
        long done = s.runs().stream().filter(r -> !r.metrics().isEmpty()).count();
        md.append(s.runs().size()).append(" runs, ").append(done).append(" finished. Grid: ");
        s.grid().forEach((k, v) -> md.append('`').append(k).append("` ∈ {").append(String.join("; ", v)).append("} "));
        md.append("\n\nEach cell: mean ± sample standard deviation over the finished seeds")
                .append(geomean ? "; below it, in brackets, the geometric mean (blank unless every value is positive)" : "").append(".\n\n");
        md.append(table(s, geomean));
        if (!plots.isEmpty()) md.append("\n## Plots\n\n");
        for (Plot p : plots) md.append("![").append(p.title()).append("](").append(p.file()).append(".png)\n\n");
        md.append("\n## Runs\n\n| run | seed | status | reproduce |\n|---|---|---|---|\n");
        for (Run r : s.runs())
            md.append("| ").append(r.folder()).append(" | ").append(r.seed()).append(" | ").append(r.status()).append(" | `").append(r.command()).append("` |\n");
        return md.toString();
    }

    /** One row per setting: the grid values, the finished count, then every metric. */
    public static String table(Sweep s, boolean geomean) {
        var header = new ArrayList<>(s.grid().keySet());
        header.add("n");
        header.addAll(s.metrics());
        var md = new StringBuilder(row(header)).append(row(header.stream().map(h -> "---").toList()));
        for (Setting st : s.settings()) {
            var cells = new ArrayList<String>();
            s.grid().keySet().forEach(k -> cells.add(st.settings().get(k)));
            cells.add(st.finished() + "/" + st.runs().size());
            for (String m : s.metrics()) cells.add(cell(st.stats().get(m), geomean));
            md.append(row(cells));
        }
        return md.toString();
    }

    static String cell(Stats x, boolean geomean) {
        if (x == null) return "";
        String c = RunReport.number(x.mean()) + " ± " + RunReport.number(x.std());
        if (geomean) c += " [" + (Double.isNaN(x.geomean()) ? "" : RunReport.number(x.geomean())) + "]";
        return c;
    }

    /**
     * Per metric, its mean against the first grid setting whose values are all numbers (one line per combination of
     * the other settings), with dashed mean ± std; against the setting's position when no grid setting is numeric.
     */
    static List<Plot> plots(Sweep s) {
        String xKey = s.grid().entrySet().stream().filter(e -> e.getValue().stream().allMatch(SweepReport::isNumber))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        var plots = new ArrayList<Plot>();
        for (String m : s.metrics()) {
            var groups = new LinkedHashMap<String, List<double[]>>();  // other settings → (x, mean, std)
            for (int i = 0; i < s.settings().size(); i++) {
                Setting st = s.settings().get(i);
                Stats x = st.stats().get(m);
                if (x == null) continue;
                var rest = new LinkedHashMap<>(st.settings());
                double xv = xKey == null ? i + 1 : Double.parseDouble(rest.remove(xKey));
                if (xKey == null) rest.clear();
                String label = rest.isEmpty() ? "mean" : rest.toString().replaceAll("[{}]", "");
                groups.computeIfAbsent(label, k -> new ArrayList<>()).add(new double[] {xv, x.mean(), x.std()});
            }
            if (groups.isEmpty()) continue;
            var b = Plot.of("sweep-" + m.replaceAll("[^A-Za-z0-9._-]", "_"), m + " over the sweep")
                    .axes(xKey == null ? "setting (table row)" : xKey, m);
            groups.forEach((label, pts) -> {
                pts.sort(java.util.Comparator.comparingDouble(p -> p[0]));
                double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
                b.add(label, pts.size() == 1 ? Plot.Style.SCATTER : Plot.Style.LINE, x, pts.stream().mapToDouble(p -> p[1]).toArray());
                if (pts.stream().anyMatch(p -> p[2] > 0)) {
                    b.dashed(label + " + std", x, pts.stream().mapToDouble(p -> p[1] + p[2]).toArray());
                    b.dashed(label + " − std", x, pts.stream().mapToDouble(p -> p[1] - p[2]).toArray());
                }
            });
            plots.add(b.build());
        }
        return plots;
    }

    private static boolean isNumber(String v) {
        try {
            return Double.isFinite(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String row(List<String> cells) { return "| " + String.join(" | ", cells) + " |\n"; }
}
