package org.odeon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.odeon.tensor.Blas;
import org.odeon.tensor.DType;

/**
 * Runs the engine workloads against the PyTorch peer in a way that does not flatter either side:
 * for each of several rounds and each workload, Odeon (a fresh JVM), PyTorch at 1 thread and
 * PyTorch at 2 threads run one after another, so a burst of load on the shared machine hits
 * both sides alike. Each side's figure is its best median over the rounds; the ratio is taken
 * against the faster PyTorch setting. Every process reports its peak RSS; Odeon's workers also
 * report the bytes allocated per step. The load average is recorded before and after.
 */
public final class BenchReport {
    private BenchReport() {}

    public record Outcome(String table, ObjectNode json) {}

    static final int ROUNDS = 3, QUICK_ROUNDS = 1;
    static final int[] PEER_THREADS = {1, 2};
    static final String WORKER_YOUNG = "256m";

    public static Outcome run(boolean quick, boolean withPeer, Consumer<String> log) throws Exception {
        return run(quick, withPeer, List.of(), log);
    }

    /**
     * As {@link #run(boolean, boolean, Consumer)} for the workloads named in {@code only} (all of them when
     * empty), in the suite's order; an unknown name is an error naming the known ones.
     */
    public static Outcome run(boolean quick, boolean withPeer, List<String> only, Consumer<String> log) throws Exception {
        List<String> names = selected(only);
        ObjectMapper om = new ObjectMapper();
        String loadBefore = loadAverage();
        int rounds = quick ? QUICK_ROUNDS : ROUNDS;
        Map<String, List<JsonNode>> ours = new LinkedHashMap<>();
        Map<String, Map<Integer, List<JsonNode>>> theirs = new LinkedHashMap<>();
        String peerNote = withPeer ? TorchPeer.unavailable().orElse("") : "peer not requested";
        for (int r = 1; r <= rounds; r++)
            for (String name : names) {
                log.accept("round " + r + "/" + rounds + ": " + name + " (odeon) ...");
                ours.computeIfAbsent(name, k -> new ArrayList<>()).add(worker(name, quick));
                if (!peerNote.isEmpty() && !peerNote.startsWith("PyTorch")) continue;
                for (int threads : PEER_THREADS) {
                    log.accept("round " + r + "/" + rounds + ": " + name + " (PyTorch, " + threads + " thread" + (threads > 1 ? "s" : "") + ") ...");
                    TorchPeer.Result p = TorchPeer.run(List.of(name), threads, quick);
                    peerNote = p.note();
                    p.medians().ifPresent(j -> theirs.computeIfAbsent(name, k -> new LinkedHashMap<>())
                            .computeIfAbsent(threads, k -> new ArrayList<>()).add(j));
                }
            }
        log.accept("measuring BLAS peak ...");
        double peak32 = GemmPeak.gflops(DType.F32, 1024), peak64 = GemmPeak.gflops(DType.F64, 1024);
        String loadAfter = loadAverage();

        ObjectNode json = om.createObjectNode();
        json.put("blas", Blas.backend());
        json.put("peer", peerNote);
        json.put("rounds", rounds);
        json.put("load_before", loadBefore);
        json.put("load_after", loadAfter);
        json.put("blas_peak_gflops_f32", peak32);
        json.put("blas_peak_gflops_f64", peak64);
        ObjectNode wl = json.putObject("workloads");
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%-12s %9s %9s %9s %7s %9s %9s %9s %7s%n", "workload", "odeon ms", "torch 1t", "torch 2t",
                "ratio", "odeon MB", "torch MB", "alloc MB", "GF/s"));
        for (var e : ours.entrySet()) {
            String name = e.getKey();
            JsonNode best = bestOf(e.getValue(), "median_s");
            double median = best.get("median_s").asDouble();
            ObjectNode o = wl.putObject(name);
            o.put("odeon_best_median_s", median);
            o.set("odeon_medians_s", om.valueToTree(e.getValue().stream().map(j -> j.get("median_s").asDouble()).toList()));
            o.put("odeon_peak_rss_bytes", maxOf(e.getValue(), "peak_rss_bytes"));
            o.put("odeon_allocated_bytes_per_run", best.get("allocated_bytes_per_run").asLong());
            double flops = best.get("gemm_flops").asDouble();
            if (flops > 0) o.put("gemm_gflops", flops / median / 1e9);
            double[] peer = new double[PEER_THREADS.length];
            double fastest = Double.POSITIVE_INFINITY;
            long peerRss = -1;
            for (int i = 0; i < PEER_THREADS.length; i++) {
                List<JsonNode> runs = theirs.getOrDefault(name, Map.of()).get(PEER_THREADS[i]);
                peer[i] = runs == null ? Double.NaN : bestOf(runs, name).get(name).asDouble();
                if (runs == null) continue;
                o.put("torch_" + PEER_THREADS[i] + "t_best_median_s", peer[i]);
                o.set("torch_" + PEER_THREADS[i] + "t_medians_s", om.valueToTree(runs.stream().map(j -> j.get(name).asDouble()).toList()));
                peerRss = Math.max(peerRss, maxOf(runs, "peak_rss_bytes"));
                fastest = Math.min(fastest, peer[i]);
            }
            if (peerRss >= 0) o.put("torch_peak_rss_bytes", peerRss);
            if (fastest < Double.POSITIVE_INFINITY) o.put("ratio", median / fastest);
            t.append(String.format(Locale.ROOT, "%-12s %9.2f %9s %9s %7s %9.0f %9s %9.1f %7s%n", name, median * 1e3, ms(peer[0]), ms(peer[1]),
                    fastest < Double.POSITIVE_INFINITY ? String.format(Locale.ROOT, "%.2f", median / fastest) : "-",
                    maxOf(e.getValue(), "peak_rss_bytes") / 1e6, peerRss >= 0 ? String.format(Locale.ROOT, "%.0f", peerRss / 1e6) : "-",
                    best.get("allocated_bytes_per_run").asLong() / 1e6, flops > 0 ? String.format(Locale.ROOT, "%.1f", flops / median / 1e9) : "-"));
        }
        t.append(String.format(Locale.ROOT, "Best median of %d round(s) per side, sides alternated per workload; ratio = odeon / faster PyTorch setting.%n", rounds));
        t.append(String.format(Locale.ROOT, "MB: peak RSS of the process (odeon: its own JVM per workload); alloc: Java heap allocated per step.%n"));
        t.append(String.format(Locale.ROOT, "BLAS: %s; peak 1024² GEMM: %.1f GFLOP/s f32, %.1f GFLOP/s f64. Peer: %s. Load average before: %s, after: %s%n",
                Blas.backend(), peak32, peak64, peerNote, loadBefore, loadAfter));
        return new Outcome(t.toString(), json);
    }

    /** The suite's workloads that {@code only} names (all when it is empty), in the suite's order. */
    public static List<String> selected(List<String> only) {
        for (String n : only)
            if (!EngineWorkloads.BY_NAME.containsKey(n))
                throw new IllegalArgumentException("no workload '" + n + "'; known: " + String.join(", ", EngineWorkloads.BY_NAME.keySet()));
        return EngineWorkloads.BY_NAME.keySet().stream().filter(n -> only.isEmpty() || only.contains(n)).toList();
    }

    private static String ms(double s) { return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.2f", s * 1e3); }

    private static JsonNode bestOf(List<JsonNode> runs, String field) {
        JsonNode best = runs.get(0);
        for (JsonNode j : runs) if (j.get(field).asDouble() < best.get(field).asDouble()) best = j;
        return best;
    }

    private static long maxOf(List<JsonNode> runs, String field) {
        long m = -1;
        for (JsonNode j : runs) m = Math.max(m, j.path(field).asLong(-1));
        return m;
    }

    /**
     * Times one workload in a fresh JVM with this JVM's options and class path ({@link BenchWorker}),
     * except that the young generation is {@link #WORKER_YOUNG} and not pre-touched: a pre-touched
     * 2 GB young generation would make every worker's peak RSS 2 GB, whatever the workload needs.
     */
    static JsonNode worker(String name, boolean quick) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (!a.equals("-XX:+AlwaysPreTouch") && !a.startsWith("-Xmn")) cmd.add(a);
        cmd.add("-Xmn" + WORKER_YOUNG);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(), name));
        if (quick) cmd.add("--quick");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || out.lastIndexOf('{') < 0) throw new IOException("benchmark worker for '" + name + "' failed (exit " + p.exitValue() + ")");
        return new ObjectMapper().readTree(out.substring(out.lastIndexOf('{')));
    }

    /** The 1-, 5- and 15-minute load averages, as {@code uptime} shows them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@code java org.odeon.bench.BenchReport [--quick] [--only=NAME[,NAME]]}: prints the table and the JSON. */
    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        List<String> only = List.of(args).stream().filter(a -> a.startsWith("--only="))
                .flatMap(a -> java.util.Arrays.stream(a.substring("--only=".length()).split(","))).toList();
        Outcome o = run(quick, true, only, System.err::println);
        System.out.print(o.table());
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o.json()));
    }
}
