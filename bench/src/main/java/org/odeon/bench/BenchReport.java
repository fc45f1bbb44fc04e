package org.odeon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.odeon.tensor.Blas;
import org.odeon.tensor.DType;

/** Runs the engine workloads and the peer, and lays the results out as a table and as JSON. */
public final class BenchReport {
    private BenchReport() {}

    public record Outcome(String table, ObjectNode json) {}

    public static Outcome run(boolean quick, boolean withPeer, Consumer<String> log) throws Exception {
        List<BenchSuite.Timing> ours = BenchSuite.timeAll(EngineWorkloads.all(), quick, log);
        TorchPeer.Result peer = withPeer ? (log(log, "running the PyTorch peer ...") ? TorchPeer.run(quick) : null)
                : new TorchPeer.Result(java.util.Optional.empty(), "peer not requested");
        log.accept("measuring BLAS peak ...");
        double peak32 = GemmPeak.gflops(DType.F32, 1024), peak64 = GemmPeak.gflops(DType.F64, 1024);

        ObjectMapper om = new ObjectMapper();
        ObjectNode json = om.createObjectNode();
        json.put("blas", Blas.backend());
        json.put("peer", peer.note());
        json.put("blas_peak_gflops_f32", peak32);
        json.put("blas_peak_gflops_f64", peak64);
        ObjectNode wl = json.putObject("workloads");
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%-12s %12s %12s %8s %10s  %s%n", "workload", "odeon ms", "torch ms", "ratio", "GEMM GF/s", "description"));
        for (BenchSuite.Timing r : ours) {
            ObjectNode o = wl.putObject(r.name());
            o.put("odeon_median_s", r.median());
            o.put("odeon_min_s", r.min());
            o.put("odeon_max_s", r.max());
            o.put("runs", r.runs());
            if (r.gflops() > 0) o.put("gemm_gflops", r.gflops());
            JsonNode peerMedian = peer.medians().map(m -> m.get(r.name())).orElse(null);
            String torch = "-", ratio = "-";
            if (peerMedian != null) {
                double pm = peerMedian.asDouble();
                o.put("torch_median_s", pm);
                o.put("ratio", r.median() / pm);
                torch = String.format(Locale.ROOT, "%.2f", pm * 1e3);
                ratio = String.format(Locale.ROOT, "%.2f", r.median() / pm);
            }
            t.append(String.format(Locale.ROOT, "%-12s %12.2f %12s %8s %10s  %s%n", r.name(), r.median() * 1e3, torch, ratio,
                    r.gflops() > 0 ? String.format(Locale.ROOT, "%.1f", r.gflops()) : "-", r.description()));
        }
        t.append(String.format(Locale.ROOT, "BLAS: %s; peak 1024² GEMM: %.1f GFLOP/s f32, %.1f GFLOP/s f64. Peer: %s%n",
                Blas.backend(), peak32, peak64, peer.note()));
        return new Outcome(t.toString(), json);
    }

    private static boolean log(Consumer<String> log, String s) {
        log.accept(s);
        return true;
    }

    /** {@code java org.odeon.bench.BenchReport [--quick]}: prints the table and the JSON. */
    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Outcome o = run(quick, true, System.err::println);
        System.out.print(o.table());
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o.json()));
    }
}
