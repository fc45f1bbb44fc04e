package org.odeon.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.Conv;
import org.odeon.autograd.Dense;
import org.odeon.autograd.Sparse;
import org.odeon.autograd.Spectral;
import org.odeon.autograd.Tensor;
import org.odeon.data.DataLoader;
import org.odeon.data.Dataset;
import org.odeon.models.operator.Fno;
import org.odeon.models.operator.Grid;
import org.odeon.models.operator.RelativeL2;
import org.odeon.optim.Adam;
import org.odeon.optim.Training;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The engine workloads of the core-engine issues, on raw tensors (no layer library), and three model-level
 * workloads, a GCN training epoch ({@link org.odeon.bench.graph.GcnEpoch}), an FNO-2D training epoch and
 * robust-vit's standard transformer's training epoch ({@link org.odeon.bench.transformer.VitEpoch}).
 */
public final class EngineWorkloads {
    private EngineWorkloads() {}

    /** The workloads by name, built on demand (each allocates its data when built). */
    public static final Map<String, Supplier<Workload>> BY_NAME = byName();

    private static Map<String, Supplier<Workload>> byName() {
        Map<String, Supplier<Workload>> m = new LinkedHashMap<>();
        m.put("mlp", EngineWorkloads::mlp);
        m.put("hamiltonian", EngineWorkloads::hamiltonian);
        m.put("convnet", EngineWorkloads::convnet);
        m.put("spectral", EngineWorkloads::spectral);
        m.put("fourier2d", EngineWorkloads::fourier2d);
        m.put("message", EngineWorkloads::messagePassing);
        m.put("gcn", org.odeon.bench.graph.GcnEpoch::workload);
        m.put("fno2d-epoch", EngineWorkloads::fnoEpoch);
        m.put("vit-epoch", org.odeon.bench.transformer.VitEpoch::workload);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static List<Workload> all() { return BY_NAME.values().stream().map(Supplier::get).toList(); }

    /** The workload called {@code name}; an unknown name is an error naming the known ones. */
    public static Workload named(String name) {
        Supplier<Workload> w = BY_NAME.get(name);
        if (w == null) throw new IllegalArgumentException("no workload '" + name + "'; known: " + BY_NAME.keySet());
        return w.get();
    }

    /** Weights of a dense net {@code sizes[0] → … → sizes[last]}, He-scaled normals. */
    private static List<Tensor> dense(Rng rng, DType t, int... sizes) {
        List<Tensor> p = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            p.add(Tensor.param(rng.normal(t, 0, Math.sqrt(1.0 / sizes[i]), sizes[i + 1], sizes[i])));
            p.add(Tensor.param(NDArray.zeros(t, sizes[i + 1])));
        }
        return p;
    }

    /** {@code tanh} MLP, {@code x·Wᵀ + b} per layer (fused with its tanh, as PyTorch's {@code F.linear} fuses the bias), no activation on the last. */
    private static Tensor forward(List<Tensor> p, Tensor x) {
        Tensor h = x;
        for (int i = 0; i < p.size(); i += 2)
            h = i + 2 < p.size() ? Dense.affineTanh(h, p.get(i), p.get(i + 1)) : Dense.affine(h, p.get(i), p.get(i + 1));
        return h;
    }

    private static void zero(List<Tensor> p) { p.forEach(Tensor::zeroGrad); }

    private static double mlpFlops(int batch, int... sizes) {
        double f = 0;
        for (int i = 0; i + 1 < sizes.length; i++) f += 2.0 * batch * sizes[i] * sizes[i + 1];
        return f;
    }

    /** 1. MLP 64 → 3×256 tanh → 1, batch 1024, float32, forward and backward. */
    static Workload mlp() {
        Rng rng = new Rng(1);
        int[] sizes = {64, 256, 256, 256, 1};
        List<Tensor> p = dense(rng, DType.F32, sizes);
        Tensor x = Tensor.constant(rng.normal(DType.F32, 0, 1, 1024, 64));
        Tensor y = Tensor.constant(rng.normal(DType.F32, 0, 1, 1024, 1));
        return new Simple("mlp", "MLP 64-3x256-1 tanh, batch 1024, f32, fwd+bwd", 3 * mlpFlops(1024, sizes), () -> {
            zero(p);
            forward(p, x).sub(y).square().mean().backward();
        });
    }

    /**
     * 2. The same MLP as a Hamiltonian, float64: loss {@code ‖J∇ₓH(x) − y‖²} with
     * {@code J∇H = (∂H/∂p, −∂H/∂q)}; training needs the gradient of a gradient.
     */
    static Workload hamiltonian() {
        Rng rng = new Rng(2);
        int[] sizes = {64, 256, 256, 256, 1};
        List<Tensor> p = dense(rng, DType.F64, sizes);
        NDArray x = rng.normal(DType.F64, 0, 1, 1024, 64);
        Tensor y = Tensor.constant(rng.normal(DType.F64, 0, 1, 1024, 64));
        return new Simple("hamiltonian", "Hamiltonian MLP, loss |J grad H - y|^2, batch 1024, f64, fwd+double bwd", 5 * mlpFlops(1024, sizes), () -> {
            zero(p);
            Tensor z = Tensor.param(x);
            Tensor dh = Autograd.grad(forward(p, z).sum(), z, true);
            Tensor jgrad = Tensor.cat(List.of(dh.slice(1, 32, 64), dh.slice(1, 0, 32).neg()), 1);
            jgrad.sub(y).square().sum().div(1024).backward();
        });
    }

    /** 3. conv 3×3 32, relu, pool, conv 3×3 64, relu, pool, linear 10 on 1×28×28, batch 128, f32. */
    static Workload convnet() {
        Rng rng = new Rng(3);
        DType t = DType.F32;
        Tensor w1 = Tensor.param(rng.normal(t, 0, Math.sqrt(2.0 / 9), 32, 1, 3, 3)), b1 = Tensor.param(NDArray.zeros(t, 32));
        Tensor w2 = Tensor.param(rng.normal(t, 0, Math.sqrt(2.0 / 288), 64, 32, 3, 3)), b2 = Tensor.param(NDArray.zeros(t, 64));
        Tensor w3 = Tensor.param(rng.normal(t, 0, Math.sqrt(1.0 / 3136), 10, 3136)), b3 = Tensor.param(NDArray.zeros(t, 10));
        List<Tensor> p = List.of(w1, b1, w2, b2, w3, b3);
        Tensor x = Tensor.constant(rng.uniform(t, 0, 1, 128, 1, 28, 28));
        int[] labels = new int[128];
        for (int i = 0; i < 128; i++) labels[i] = rng.nextInt(10);
        double[] hot = new double[128 * 10];
        for (int i = 0; i < 128; i++) hot[i * 10 + labels[i]] = 1;
        NDArray onehot = NDArray.of(t, new int[] {128, 10}, hot);
        double flops = 3 * (2.0 * 128 * 784 * 9 * 32 + 2.0 * 128 * 196 * 288 * 64 + 2.0 * 128 * 3136 * 10);
        return new Simple("convnet", "convnet 2x(conv3x3,relu,pool)+linear, 1x28x28, batch 128, f32, fwd+bwd", flops, () -> {
            zero(p);
            Tensor h = Conv.conv2dReluPool(x, w1, b1, 1, 1, IndexMap.Pad.ZERO, 2);   // relu and pooling fused into the output pass
            h = Conv.conv2dReluPool(h, w2, b2, 1, 1, IndexMap.Pad.ZERO, 2);
            Tensor logits = Tensor.mm(h.flatten(1), false, w3, true).add(b3);
            logits.logSoftmax(1).mulConst(onehot).sum().div(-128).backward();
        });
    }

    /**
     * 4. 1-D spectral convolution, the Fourier layer kernel {@code y = F⁻¹(P_kᵀ Ŵ·P_k F x)}: the lowest
     * 16 of the 513 frequencies of 1024 points, 64 → 64 channels mixed per mode
     * ({@code ŷ[b,o,ξ] = Σᵢ x̂[b,i,ξ]·W[i,o,ξ]}), batch 32, f32, fwd+bwd of {@code mean(y²)}. As
     * {@link org.odeon.models.operator.SpectralConv} does, Odeon applies the truncated transforms as
     * DFT matrices of the kept modes ({@link Spectral#spectralProduct1d}); PyTorch's twin is the FNO
     * reference code's rfft, slice, einsum, pad, irfft.
     */
    static Workload spectral() {
        Rng rng = new Rng(4);
        DType t = DType.F32;
        int b = 32, c = 64, n = 1024, modes = 16;
        double scale = 1.0 / (c * c);
        Tensor w = Tensor.param(rng.uniform(t, 0, scale, c, c, modes, 2));
        Tensor x = Tensor.constant(rng.normal(t, 0, 1, b, c, n));
        return new Simple("spectral", "spectral conv 1-D: 1024 points, 64 ch, 16 modes, complex mixing, batch 32, f32, fwd+bwd", 0, () -> {
            w.zeroGrad();
            Spectral.spectralProduct1d(x, w).square().mean().backward();
        });
    }

    /**
     * 5. A 2-D Fourier layer: {@code y = F⁻¹(Ŵ·P F x)} keeping the 12×12 lowest modes (24 rows of
     * the full axis × 12 of the half axis), 32 → 32 channels on 64×64, batch 20, f32, fwd+bwd of
     * {@code mean(y²)}.
     */
    static Workload fourier2d() {
        Rng rng = new Rng(5);
        DType t = DType.F32;
        int b = 20, c = 32, n = 64, modes = 12;
        Tensor w = Tensor.param(rng.uniform(t, 0, 1.0 / (c * c), c, c, 2 * modes, modes, 2));
        Tensor x = Tensor.constant(rng.normal(t, 0, 1, b, c, n, n));
        return new Simple("fourier2d", "2-D Fourier layer: rfft2 64x64, 32 ch, 12x12 modes, complex mixing, irfft2, batch 20, f32, fwd+bwd", 0, () -> {
            w.zeroGrad();
            Spectral.spectralProduct2d(x, w).square().mean().backward();
        });
    }

    /**
     * 6. Sparse message passing: {@code h = A(v)·(X·W)} on a random graph of 10⁴ nodes and 10⁵
     * edges (CSR, values {@code v} trained too), 64 features, f32, fwd+bwd of {@code mean(tanh(h)²)}.
     */
    static Workload messagePassing() {
        Rng rng = new Rng(6);
        DType t = DType.F32;
        int nodes = 10_000, edges = 100_000, f = 64;
        int[] src = new int[edges], dst = new int[edges];
        double[] ones = new double[edges];
        for (int e = 0; e < edges; e++) {
            src[e] = rng.nextInt(nodes);
            dst[e] = rng.nextInt(nodes);
            ones[e] = 1;
        }
        CsrMatrix pattern = CsrMatrix.fromCoordinates(nodes, nodes, dst, src, ones);
        Tensor values = Tensor.param(rng.uniform(t, 0, 1, pattern.nnz()));
        Tensor w = Tensor.param(rng.normal(t, 0, Math.sqrt(1.0 / f), f, f));
        Tensor x = Tensor.constant(rng.normal(t, 0, 1, nodes, f));
        double flops = 3 * 2.0 * nodes * f * f;
        return new Simple("message", "sparse message passing A(v)(XW): 1e4 nodes, 1e5 edges, 64 features, f32, fwd+bwd", flops, () -> {
            values.zeroGrad();
            w.zeroGrad();
            Sparse.matmul(pattern, values, x.matmul(w)).tanh().square().mean().backward();
        });
    }

    /**
     * 7. One training epoch of an FNO-2D on Darcy-shaped data (the FNO paper's Darcy model and training set):
     * 1,000 pairs {@code a ↦ u} on a 64×64 grid, the coefficient {@code a ∈ {3, 12}} normalised to ±1 (as the
     * FNO reference code's normaliser leaves it) and {@code u} random (values do not change the work), shuffled minibatches of 20 (50 Adam steps, rate 1e-3) on the relative L2 loss.
     * The model is the library's {@link Fno} (grid channels, lift to 32, four Fourier blocks of 12×12 modes
     * with GELU but the last, projection 32 → 128 → 1), trained by {@link Training#epoch}, f32. PyTorch's twin
     * is the FNO reference code's {@code FNO2d} module ({@code torch.fft.rfft2}, complex weights, einsum) with a
     * {@code DataLoader}.
     */
    static Workload fnoEpoch() {
        Rng rng = new Rng(7);
        int samples = 1000, n = 64, batch = 20;
        NDArray a = rng.normal(DType.F32, 0, 1, samples, 1, n, n).map(v -> v >= 0 ? 1 : -1);
        NDArray u = rng.uniform(DType.F32, 0, 0.1, samples, 1, n, n);
        Fno fno = new Fno(new Fno.Config(1, 1, 32, 12, 12, 4, 128, Grid.NODES), rng);
        fno.to(DType.F32);
        Adam adam = new Adam(fno.namedParameters(), 1e-3);
        DataLoader loader = new DataLoader(new Dataset(a, u), batch, 8);
        long[] epoch = {0};
        return new Workload() {
            @Override public String name() { return "fno2d-epoch"; }
            @Override public String description() { return "FNO-2D training epoch: Darcy-shaped 64x64, 1000 samples, batch 20, width 32, 12x12 modes, 4 layers, Adam, f32"; }
            @Override public void run() { Training.epoch(fno, adam, loader, epoch[0]++, RelativeL2::loss); }
            // one warm-up epoch (JIT), one timed: an epoch is 50 steps, and the rounds give the best of three
            @Override public BenchSuite.Protocol protocol(boolean quick) { return new BenchSuite.Protocol(1, 0, 1); }
        };
    }

    private record Simple(String name, String description, double gemmFlops, Runnable body) implements Workload {
        @Override public void run() { body.run(); }
    }
}
