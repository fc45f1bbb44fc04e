package org.odeon.pde;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odeon.io.MalformedFileException;
import org.odeon.io.Npz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.odeon.tensor.Shape;

/**
 * Seeded input/solution pairs for operator learning, generated once and cached as {@code .npz}
 * (arrays {@code a}, {@code u} in float32 as {@code [N, 1, H, W]}, and {@code spec}: the numbers that
 * made them). A cached file is reused only if its spec equals the one asked for; a file that is
 * malformed, has other shapes, non-finite values or another spec is reported in one line.
 */
public final class OperatorData {
    private OperatorData() {}

    /** Inputs {@code a} and solutions {@code u}, {@code [N, 1, H, W]} ({@code H = 1} in 1-D). */
    public record Pairs(NDArray a, NDArray u) {
        public int size() { return a.dim(0); }
    }

    /**
     * Burgers pairs {@code u(·, 0) ↦ u(·, time)}: initial data from {@link GaussianRandomField}
     * {@code N(0, 625(−Δ + 25I)^{−2})}, solved by {@link PeriodicBurgers} on {@code solverPoints} and
     * stored at every {@code solverPoints/storedPoints}-th point.
     */
    public record BurgersSpec(int samples, long seed, double viscosity, double time, int solverPoints, int steps, int storedPoints) {
        public BurgersSpec {
            if (samples < 1 || samples > 100_000 || storedPoints < 8 || storedPoints > solverPoints || solverPoints % storedPoints != 0 || steps < 1)
                throw new IllegalArgumentException("Burgers data: need 1..100000 samples and stored points dividing the solver's, got " + this);
        }

        double[] numbers() { return new double[] {samples, seed, viscosity, time, solverPoints, steps, storedPoints}; }

        String file() { return "burgers-nu" + viscosity + "-t" + time + "-n" + solverPoints + "-k" + steps + "-s" + storedPoints + "-N" + samples + "-seed" + seed + ".npz"; }
    }

    /**
     * Darcy pairs {@code a ↦ u} with {@code a = 12} where a {@link GaussianRandomField}
     * {@code N(0, (−Δ + 9I)^{−2})} sample is ≥ 0 and 3 elsewhere, {@code f = 1}, solved by {@link Darcy}
     * on {@code nodes²} and stored at every {@code stride}-th node.
     */
    public record DarcySpec(int samples, long seed, int nodes, int stride) {
        public DarcySpec {
            if (samples < 1 || samples > 100_000 || nodes < 5 || stride < 1 || (nodes - 1) % stride != 0)
                throw new IllegalArgumentException("Darcy data: need 1..100000 samples and a stride dividing nodes − 1, got " + this);
        }

        double[] numbers() { return new double[] {samples, seed, nodes, stride}; }

        String file() { return "darcy-n" + nodes + "-r" + stride + "-N" + samples + "-seed" + seed + ".npz"; }

        int storedNodes() { return (nodes - 1) / stride + 1; }
    }

    /** The Burgers pairs of {@code spec}, from {@code dir}'s cache or generated (and cached) now. */
    public static Pairs burgers(Path dir, BurgersSpec spec) throws IOException {
        return cached(dir.resolve(spec.file()), spec.numbers(), new int[] {spec.samples(), 1, 1, spec.storedPoints()}, () -> {
            GaussianRandomField grf = new GaussianRandomField(625, 25, 2, Math.min(512, spec.solverPoints() / 2));
            PeriodicBurgers pde = new PeriodicBurgers(spec.viscosity(), spec.solverPoints());
            Rng rng = new Rng(spec.seed());
            int n = spec.storedPoints(), every = spec.solverPoints() / n;
            double[] a = new double[spec.samples() * n], u = new double[spec.samples() * n];
            for (int i = 0; i < spec.samples(); i++) {
                double[] u0 = grf.periodic(spec.solverPoints(), rng), u1 = pde.solve(u0, spec.time(), spec.steps());
                for (int j = 0; j < n; j++) {
                    a[i * n + j] = u0[j * every];
                    u[i * n + j] = u1[j * every];
                }
            }
            return new double[][] {a, u};
        });
    }

    /** The Darcy pairs of {@code spec}, from {@code dir}'s cache or generated (and cached) now. */
    public static Pairs darcy(Path dir, DarcySpec spec) throws IOException {
        int s = spec.storedNodes();
        return cached(dir.resolve(spec.file()), spec.numbers(), new int[] {spec.samples(), 1, s, s}, () -> {
            GaussianRandomField grf = new GaussianRandomField(1, 9, 2, 32);
            Darcy pde = new Darcy(spec.nodes());
            Rng rng = new Rng(spec.seed());
            int n = spec.nodes(), r = spec.stride();
            double[] f = new double[n * n], a = new double[spec.samples() * s * s], u = new double[spec.samples() * s * s];
            Arrays.fill(f, 1);
            for (int i = 0; i < spec.samples(); i++) {
                double[] g = grf.neumann(n, rng), coef = new double[n * n];
                for (int k = 0; k < g.length; k++) coef[k] = g[k] >= 0 ? 12 : 3;
                double[] sol = pde.solve(coef, f);
                for (int p = 0; p < s; p++)
                    for (int q = 0; q < s; q++) {
                        a[(i * s + p) * s + q] = coef[p * r * n + q * r];
                        u[(i * s + p) * s + q] = sol[p * r * n + q * r];
                    }
            }
            return new double[][] {a, u};
        });
    }

    private interface Generator { double[][] make(); }

    private static Pairs cached(Path file, double[] spec, int[] shape, Generator gen) throws IOException {
        if (Files.exists(file)) return read(file, spec, shape);
        double[][] au = gen.make();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        arrays.put("a", NDArray.of(DType.F32, shape, au[0]));
        arrays.put("u", NDArray.of(DType.F32, shape, au[1]));
        arrays.put("spec", NDArray.of(DType.F64, new int[] {spec.length}, spec));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Npz.write(file, arrays);
        return new Pairs(arrays.get("a"), arrays.get("u"));
    }

    /** Reads a cached file, checking that it holds {@code a}, {@code u} of {@code shape}, finite, made from {@code spec}. */
    static Pairs read(Path file, double[] spec, int[] shape) throws IOException {
        Map<String, NDArray> arrays = Npz.read(file);
        String src = file.toString();
        NDArray made = arrays.get("spec");
        if (made == null || !arrays.containsKey("a") || !arrays.containsKey("u"))
            throw new MalformedFileException(src, "expected arrays a, u and spec, found " + arrays.keySet());
        if (!Arrays.equals(made.astype(DType.F64).data(), spec))
            throw new MalformedFileException(src, "made with settings " + Arrays.toString(made.data()) + ", expected " + Arrays.toString(spec) + " (delete it or choose another data folder)");
        for (String k : new String[] {"a", "u"}) {
            NDArray x = arrays.get(k);
            if (!Arrays.equals(x.shape(), shape))
                throw new MalformedFileException(src, "array " + k + " has shape " + Shape.str(x.shape()) + ", expected " + Shape.str(shape));
            for (double v : x.data()) if (!Double.isFinite(v)) throw new MalformedFileException(src, "array " + k + " holds a non-finite value " + v);
        }
        return new Pairs(arrays.get("a").astype(DType.F32), arrays.get("u").astype(DType.F32));
    }
}
