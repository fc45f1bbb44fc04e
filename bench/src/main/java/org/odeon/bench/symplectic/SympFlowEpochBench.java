package org.odeon.bench.symplectic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odeon.autograd.Tensor;
import org.odeon.bench.TorchPeer;
import org.odeon.models.symplectic.FlowLosses;
import org.odeon.models.symplectic.KnownHamiltonian;
import org.odeon.models.symplectic.SympFlow;
import org.odeon.models.symplectic.TimeFlow;
import org.odeon.optim.Adam;
import org.odeon.systems.HenonHeiles;
import org.odeon.tensor.Rng;

/**
 * Times one unsupervised SympFlow training epoch on Hénon–Heiles (float64) and the same epoch in
 * PyTorch ({@code bench/symplectic/sympflow_epoch.py}, {@code /usr/bin/python3},
 * {@code OMP_NUM_THREADS=2}); prints the medians and the ratios Odeon / PyTorch. Odeon is timed
 * twice: with {@code ∂_tΦ} by forward mode through the shears (SympFlow's own path) and by the
 * double-vjp trick through reverse mode, which is what the PyTorch twin does.
 *
 * <p>An epoch: a fresh batch of {@code (z, t)} uniform in {@code [−0.5, 0.5]⁴ × [0, 1]}, the
 * residual {@code mean ‖∂_tΦ − J∇H(Φ)‖²}, its backward pass and one Adam step.
 *
 * <p>Usage: {@code SympFlowEpochBench [layers=4] [width=32] [depth=2] [batch=1000] [warmup=5]
 * [runs=20] [peer=bench/symplectic/sympflow_epoch.py]}; {@code peer=none} skips PyTorch.
 */
public final class SympFlowEpochBench {
    private SympFlowEpochBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("layers", "4", "width", "32", "depth", "2", "batch", "1000",
                "warmup", "5", "runs", "20", "peer", "bench/symplectic/sympflow_epoch.py"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !opt.containsKey(a.substring(0, eq)))
                throw new IllegalArgumentException("unknown argument '" + a + "'; expected key=value with key in " + opt.keySet());
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int layers = Integer.parseInt(opt.get("layers")), width = Integer.parseInt(opt.get("width"));
        int depth = Integer.parseInt(opt.get("depth")), batch = Integer.parseInt(opt.get("batch"));
        int warmup = Integer.parseInt(opt.get("warmup")), runs = Integer.parseInt(opt.get("runs"));

        System.out.printf("layers=%d width=%d depth=%d batch=%d, BLAS %s%n", layers, width, depth, batch, org.odeon.tensor.Blas.backend());
        double[] forward = timeOdeon(layers, width, depth, batch, warmup, runs, true);
        System.out.printf("odeon, ∂_t by forward mode   median %.4f s  min %.4f s  cpu %.4f s%n", forward[0], forward[1], forward[2]);
        double[] vjp = timeOdeon(layers, width, depth, batch, warmup, runs, false);
        System.out.printf("odeon, ∂_t by double vjp     median %.4f s  min %.4f s  cpu %.4f s%n", vjp[0], vjp[1], vjp[2]);
        if (opt.get("peer").equals("none")) return;
        var settings = new LinkedHashMap<>(opt);
        settings.remove("peer");
        JsonNode peer = TorchPeer.script(Path.of(opt.get("peer")), settings);
        System.out.println("pytorch (double vjp) " + peer);
        double torchMedian = peer.get("median_s").asDouble(), torchMin = peer.get("min_s").asDouble(), torchCpu = peer.get("cpu_s").asDouble();
        System.out.printf("ratio odeon/pytorch, forward mode: median %.3f, min %.3f, cpu %.3f (target ≤ 0.7)%n", forward[0] / torchMedian, forward[1] / torchMin, forward[2] / torchCpu);
        System.out.printf("ratio odeon/pytorch, double vjp:   median %.3f, min %.3f, cpu %.3f%n", vjp[0] / torchMedian, vjp[1] / torchMin, vjp[2] / torchCpu);
    }

    /** Median and minimum wall seconds per epoch, and the median CPU seconds of the whole process (GC and BLAS threads included). */
    private static double[] timeOdeon(int layers, int width, int depth, int batch, int warmup, int runs, boolean forwardMode) {
        Rng rng = new Rng(0);
        SympFlow model = new SympFlow(2, layers, width, depth, rng);
        // the same model seen only through flow(), so ∂_t comes from TimeFlow's generic double-vjp default
        TimeFlow generic = new TimeFlow() {
            public int degreesOfFreedom() { return 2; }
            public Tensor flow(Tensor z, Tensor t) { return model.flow(z, t); }
        };
        KnownHamiltonian h = KnownHamiltonian.of(HenonHeiles.standard());
        Adam adam = new Adam(model.namedParameters(), 1e-3);
        Runnable epoch = () -> {
            adam.zeroGrad();
            Tensor loss = FlowLosses.unsupervised(forwardMode ? model : generic, h, FlowLosses.Batch.uniform(batch, 2, -0.5, 0.5, 1, rng));
            loss.backward();
            adam.step();
        };
        for (int i = 0; i < warmup; i++) epoch.run();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] wall = new double[runs], cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime(), c = os.getProcessCpuTime();
            epoch.run();
            wall[i] = (System.nanoTime() - s) * 1e-9;
            cpu[i] = (os.getProcessCpuTime() - c) * 1e-9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[runs / 2], wall[0], cpu[runs / 2]};
    }
}
