package org.odeon.models.lipschitz;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Sequential;
import org.odeon.nn.Certified;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The fixed-width 1-Lipschitz ResNet of "Approximation theory for 1-Lipschitz ResNets":
 * <pre>
 *   f = head ∘ (W_L ∘ N_L) ∘ ⋯ ∘ (W_1 ∘ N_1) ∘ lift
 * </pre>
 * {@code lift: ℝ^d → ℝ^w}, interlayers {@code W_k: ℝ^w → ℝ^w} and {@code head: ℝ^w → ℝ^m} are
 * affine maps with {@code ‖·‖ ≤ 1} ({@link SpectralNormalized}); {@code N_k} are negative gradient
 * steps {@code x ← x − h_k·A_kᵀσ(A_kx + b_k)} with {@code 0 ≤ h_k ≤ 2/(L_σ‖A_k‖²)}. Every factor is
 * 1-Lipschitz, so {@code f} is. The steps can sort: with {@code A = (e_i − e_j)ᵀ}, {@code b = 0},
 * ReLU and {@code h = 1 = 2/‖A‖²} the step maps {@code (x_i, x_j)} to {@code (min, max)}
 * ({@link #sortingStep}), which is how the construction builds max/min of features at fixed width.
 */
public final class FixedWidthResNet extends Module implements Certified {
    private final Sequential layers;

    public FixedWidthResNet(int in, int width, int depth, int out, Rng rng) {
        if (depth < 1) throw new IllegalArgumentException("FixedWidthResNet needs depth ≥ 1, got " + depth);
        List<Module> l = new ArrayList<>();
        l.add(new SpectralNormalized(new Operator.Dense(in, width), rng));
        for (int k = 0; k < depth; k++) {
            Potential p = new Potential(new Operator.Dense(width, width), Activation.relu(), Double.POSITIVE_INFINITY, Init.xavierUniform(1), rng);
            l.add(GradientStep.negative(p, 0.1));
            l.add(new SpectralNormalized(new Operator.Dense(width, width), rng));
        }
        l.add(new SpectralNormalized(new Operator.Dense(width, out), rng));
        layers = child("layers", new Sequential(l));
    }

    @Override public Tensor forward(Tensor x) { return layers.forward(x); }

    @Override public double lipschitzBound(double tol) { return layers.lipschitzBound(tol); }

    /** The step {@code x ← x − (e_i − e_j)·relu(x_i − x_j)} on {@code ℝ^width}: {@code (x_i, x_j) ← (min, max)}. */
    public static GradientStep sortingStep(int width, int i, int j) {
        if (i == j || i < 0 || j < 0 || i >= width || j >= width)
            throw new IllegalArgumentException("sortingStep needs two distinct coordinates in [0, " + width + "), got " + i + ", " + j);
        Potential p = new Potential(new Operator.Dense(width, 1), Activation.relu(), Double.POSITIVE_INFINITY, (t, s, r) -> {
            double[] a = new double[width];
            a[i] = 1;
            a[j] = -1;
            return NDArray.of(t, s, a);
        }, new Rng(0));
        return GradientStep.unconstrained(p, 1);     // h = 2/‖A‖² exactly; certified max(1, |1 − h‖A‖²|) = 1
    }

    @Override public String toString() { return "FixedWidthResNet" + layers; }

}
