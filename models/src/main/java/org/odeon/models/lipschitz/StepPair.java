package org.odeon.models.lipschitz;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Certified;
import org.odeon.tensor.Rng;

/**
 * A block of gradient steps on two potentials {@code V_A}, {@code V_B}, mixed in one of the ways of
 * "Dynamical systems' based neural networks" ({@code N} a negative, {@code E} an expansive
 * {@link GradientStep}; {@code ‖A‖, ‖B‖ ≤ 1} by projection unless naive):
 * <pre>
 *   CONTRACTIVE  x ← N_B^{h_B} ∘ N_A^{h_A}(x)                      Lip ≤ 1
 *   FLEXIBLE     x ← N_A^{h/2} ∘ E_B^{h_e} ∘ N_A^{h/2}(x)           Lip ≤ 1 + h_e·L_σ‖B‖²,  0 ≤ h_e ≤ h_e,max
 *   PRESCRIBED   x ← E_B^{h_e} ∘ N_{A,a}^{h_c}(x),  h_e ≤ (1/c − 1)/(L_σ‖B‖²)     Lip ≤ c·(1 + h_e·L_σ‖B‖²) ≤ 1
 *   NAIVE        the flexible layout with A, B and the step sizes unconstrained
 * </pre>
 * where {@code c = max(|1 − h_c·a|, |1 − h_c·a − h_c·L_σ‖A‖²|) < 1} is the certificate of the
 * damped negative step. In the prescribed pair the expansive step is shrunk, in every forward
 * pass, until the product of the two step certificates is at most one; the paper's condition
 * {@code (1 − 2h_c·a + h_c²L²)(1 + h_e·L‖B‖²)² ≤ 1} is the monotonicity form of the same product,
 * and the spectral form used here is the sharper of the two for gradient fields.
 */
public final class StepPair extends Module implements Certified {
    public enum Mixing { CONTRACTIVE, FLEXIBLE, PRESCRIBED, NAIVE }

    /** Damping {@code a} of the prescribed regime's negative step. */
    public static final double DAMPING = 0.5;
    /** {@code h_e,max} of the flexible regime. */
    public static final double FLEXIBLE_MAX_EXPANSION = 0.5;

    private final Mixing mixing;
    private final GradientStep first, second;

    public StepPair(Mixing mixing, GradientStep first, GradientStep second) {
        this.mixing = mixing;
        this.first = child("first", first);
        this.second = child("second", second);
    }

    /** The standard pair of a regime on the map {@code op} (for both A and B), ReLU, initial steps as in the paper's experiments. */
    public static StepPair of(Mixing mixing, Operator op, Rng rng) {
        Activation relu = Activation.relu();
        Init init = Init.xavierUniform(1);
        double r = mixing == Mixing.NAIVE ? Double.POSITIVE_INFINITY : 1;
        Potential a = new Potential(op, relu, r, init, rng), b = new Potential(op, relu, r, init, rng);
        return switch (mixing) {
            case CONTRACTIVE -> new StepPair(mixing, GradientStep.negative(a, 1), GradientStep.negative(b, 1));
            case FLEXIBLE -> new StepPair(mixing, GradientStep.negative(a, 1), GradientStep.expansive(b, FLEXIBLE_MAX_EXPANSION, 0.1));
            case PRESCRIBED -> new StepPair(mixing, GradientStep.damped(a, DAMPING, 1), GradientStep.expansive(b, Double.POSITIVE_INFINITY, 0.1));
            case NAIVE -> new StepPair(mixing, GradientStep.unconstrained(a, 1), GradientStep.unconstrained(b, -0.1));
        };
    }

    public Mixing mixing() { return mixing; }

    /** The prescribed regime's limit on {@code h_e}: {@code (1/c − 1)/(L_σ‖B‖²)} from the norm estimates. */
    double expansionLimit() {
        double c = first.bound(first.stepValue(Double.POSITIVE_INFINITY), first.potential().normEstimate() * GradientStep.MARGIN);
        double s = second.potential().normEstimate() * GradientStep.MARGIN;
        return c >= 1 ? 0 : (1 / c - 1) / (second.potential().sigma().maxSlope() * s * s);
    }

    @Override public Tensor forward(Tensor x) {
        return switch (mixing) {
            case CONTRACTIVE -> second.forward(first.forward(x));
            case FLEXIBLE, NAIVE -> first.forward(second.forward(first.forward(x, 0.5, Double.POSITIVE_INFINITY)), 0.5, Double.POSITIVE_INFINITY);
            case PRESCRIBED -> second.forward(first.forward(x), 1, expansionLimit());
        };
    }

    @Override public double lipschitzBound(double tol) {
        double na = first.potential().normBound(tol), nb = second.potential().normBound(tol);
        double h1 = first.stepValue(Double.POSITIVE_INFINITY);
        return switch (mixing) {
            case CONTRACTIVE -> first.bound(h1, na) * second.bound(second.stepValue(Double.POSITIVE_INFINITY), nb);
            case FLEXIBLE, NAIVE -> Math.pow(first.bound(h1 / 2, na), 2) * second.bound(second.stepValue(Double.POSITIVE_INFINITY), nb);
            case PRESCRIBED -> first.bound(h1, na) * second.bound(second.stepValue(expansionLimit()), nb);
        };
    }

    @Override public String toString() { return mixing + "Pair(" + first + ", " + second + ")"; }
}
