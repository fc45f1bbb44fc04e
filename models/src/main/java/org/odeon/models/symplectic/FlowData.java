package org.odeon.models.symplectic;

import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.Dataset;
import org.odeon.ode.HipparchusReference;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Noisy observations of a Hamiltonian flow {@code φ_t}, computed by a tight reference solver: trajectory samples
 * {@code (z₀, t) → φ_t(z₀) + ε} with {@code t} uniform in {@code [0, 1]} (what a supervised flow map learns), and
 * unit-time pairs {@code z₀ → φ_1(z₀) + ε} (what a SympNet learns); {@code z₀} uniform in {@code [−box, box]^{2d}},
 * {@code ε ~ N(0, σ²)} per coordinate.
 *
 * @param samples features {@code [N, 2d + 1]} = {@code (z₀, t)}, labels {@code [N, 2d]} = the observed {@code z(t)}
 * @param pairs   features {@code [N, 2d]} = {@code z₀}, labels {@code [N, 2d]} = the observed {@code z(1)}
 */
public record FlowData(Dataset samples, Dataset pairs) {

    /** {@code count} samples and {@code count} pairs, drawn interleaved (sample i, then pair i) from {@code rng}. */
    public static FlowData observe(HamiltonianSystem sys, double box, int count, double noise, Rng rng) {
        if (count < 1 || !(box > 0) || !(noise >= 0))
            throw new IllegalArgumentException("need count ≥ 1, box > 0 and noise ≥ 0; got " + count + ", " + box + ", " + noise);
        int w = 2 * sys.degreesOfFreedom();
        HipparchusReference ref = HipparchusReference.tight();
        double[] x = new double[count * (w + 1)], zt = new double[count * w], p0 = new double[count * w], p1 = new double[count * w];
        for (int i = 0; i < count; i++) {
            double[] z0 = uniform(rng, w, box);
            double t = rng.uniform();
            System.arraycopy(z0, 0, x, i * (w + 1), w);
            x[i * (w + 1) + w] = t;
            System.arraycopy(noisy(ref.solve(sys, 0, z0, t), noise, rng), 0, zt, i * w, w);
            double[] a = uniform(rng, w, box);
            System.arraycopy(a, 0, p0, i * w, w);
            System.arraycopy(noisy(ref.solve(sys, 0, a, 1), noise, rng), 0, p1, i * w, w);
        }
        return new FlowData(new Dataset(NDArray.of(new int[] {count, w + 1}, x), NDArray.of(new int[] {count, w}, zt)),
                new Dataset(NDArray.of(new int[] {count, w}, p0), NDArray.of(new int[] {count, w}, p1)));
    }

    /** A batch of {@link #samples} as tensors {@code {z₀, t, z(t)}}: {@code [B, 2d]}, {@code [B, 1]}, {@code [B, 2d]}. */
    public static Tensor[] parts(Batch samples) {
        Tensor x = Tensor.constant(samples.features());
        int w = samples.labels().dim(1);
        return new Tensor[] {x.slice(1, 0, w), x.slice(1, w, w + 1), Tensor.constant(samples.labels())};
    }

    private static double[] uniform(Rng rng, int n, double box) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = rng.uniform(-box, box);
        return z;
    }

    private static double[] noisy(double[] z, double sigma, Rng rng) {
        if (sigma > 0) for (int i = 0; i < z.length; i++) z[i] += sigma * rng.normal();
        return z;
    }
}
