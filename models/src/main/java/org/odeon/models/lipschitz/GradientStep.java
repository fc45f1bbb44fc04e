package org.odeon.models.lipschitz;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Certified;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * One explicit Euler step of a gradient flow of the convex potential {@link Potential} {@code V}:
 * <pre>
 *   negative step   x ← x − h·(Aᵀσ(Ax + b) + a·x)      (damping a ≥ 0: the potential V + a‖x‖²/2)
 *   expansive step  x ← x + h·Aᵀσ(Ax + b)
 * </pre>
 * <b>Certificate.</b> For any {@code x, y}, {@code F(x) − F(y) = ((1 − ha)I ∓ h·AᵀD̄A)(x − y)} with
 * {@code D̄} the diagonal of difference quotients of σ, in {@code [0, L_σ]}; the symmetric
 * {@code AᵀD̄A} has spectrum in {@code [0, L_σ‖A‖²]}, so
 * {@code Lip ≤ max(|1 − ha|, |1 − ha − h·L_σ‖A‖²|)} for the negative step (any real {@code h}) and
 * {@code Lip ≤ 1 + h·L_σ‖A‖²} for the expansive step.
 *
 * <p><b>Constraint.</b> A negative step keeps {@code 0 ≤ h ≤ 2/(a + L_σ‖A‖²)}, where its bound is
 * at most 1 (and {@code 1 − ha < 1} with damping); an expansive step keeps {@code 0 ≤ h ≤ h_max}.
 * A learnt {@code h} is clamped into its interval in every forward pass and after every optimizer
 * step; the interval uses the power-iteration estimate of {@code ‖A‖} with a {@value #MARGIN}
 * safety factor for its lag. An unconstrained step (the "naive" regime) takes any real {@code h}.
 */
public final class GradientStep extends Module implements Certified {
    /** Factor on the estimate {@code σ̂} of {@code ‖A‖} when it sets a step-size limit. */
    public static final double MARGIN = 1.02;

    private final Potential potential;
    private final boolean negative, constrained;
    private final double damping, maxStep;
    private final Parameter step;

    private GradientStep(Potential potential, boolean negative, boolean constrained, double damping, double maxStep, double h0) {
        if (!(damping >= 0)) throw new IllegalArgumentException("damping must be non-negative, got " + damping);
        this.potential = child("potential", potential);
        this.negative = negative;
        this.constrained = constrained;
        this.damping = damping;
        this.maxStep = maxStep;
        step = parameter("step", NDArray.full(DType.F64, h0, 1));
        constrain();
    }

    /** {@code x ← x − h·Aᵀσ(Ax + b)}, {@code 0 ≤ h ≤ 2/(L_σ‖A‖²)}: 1-Lipschitz. */
    public static GradientStep negative(Potential potential, double h0) { return new GradientStep(potential, true, true, 0, Double.NaN, h0); }

    /** {@code x ← x − h·(Aᵀσ(Ax + b) + a·x)}, {@code 0 ≤ h ≤ 2/(a + L_σ‖A‖²)}: Lipschitz {@code max(|1 − ha|, …) < 1} for small h. */
    public static GradientStep damped(Potential potential, double a, double h0) { return new GradientStep(potential, true, true, a, Double.NaN, h0); }

    /** {@code x ← x + h·Aᵀσ(Ax + b)}, {@code 0 ≤ h ≤ hMax}: Lipschitz {@code 1 + h·L_σ‖A‖²}. */
    public static GradientStep expansive(Potential potential, double hMax, double h0) {
        if (!(hMax >= 0)) throw new IllegalArgumentException("expansive step: hMax must be non-negative, got " + hMax);
        return new GradientStep(potential, false, true, 0, hMax, h0);
    }

    /** {@code x ← x − h·Aᵀσ(Ax + b)} with any real, learnt {@code h}. */
    public static GradientStep unconstrained(Potential potential, double h0) { return new GradientStep(potential, true, false, 0, Double.NaN, h0); }

    public Potential potential() { return potential; }

    public boolean isNegative() { return negative; }

    /** The largest admissible {@code h} under the current estimate of {@code ‖A‖} (infinite when unconstrained). */
    public double stepLimit() {
        if (!constrained) return Double.POSITIVE_INFINITY;
        if (!negative) return maxStep;
        double s = potential.normEstimate() * MARGIN;
        return 2 / (damping + potential.sigma().maxSlope() * s * s);
    }

    /** The step size used, {@code clamp(h, 0, min(stepLimit, cap))}, as a scalar. */
    public double stepValue(double cap) {
        double h = step.value().item();
        return constrained ? Math.max(0, Math.min(h, Math.min(stepLimit(), cap))) : h;
    }

    @Override public Tensor forward(Tensor x) { return forward(x, 1, Double.POSITIVE_INFINITY); }

    /** The step with size {@code fraction·h} and {@code h} additionally capped at {@code cap} (used by pairs). */
    public Tensor forward(Tensor x, double fraction, double cap) {
        Tensor h = step.tensor();
        if (constrained) h = h.clamp(0, Math.min(stepLimit(), cap));
        if (fraction != 1) h = h.mul(fraction);
        Tensor g = potential.gradient(x);
        if (damping > 0) g = g.add(x.mul(damping));
        return negative ? x.sub(g.mul(h)) : x.add(g.mul(h));
    }

    /** The certificate of a step of size {@code h}, from an upper bound {@code normA} on {@code ‖A‖}. */
    public double bound(double h, double normA) {
        double lam = potential.sigma().maxSlope() * normA * normA;
        if (!negative) return 1 + Math.abs(h) * lam;
        double c = 1 - h * damping;
        return Math.max(Math.abs(c), Math.abs(c - h * lam));
    }

    @Override public double lipschitzBound(double tol) { return bound(stepValue(Double.POSITIVE_INFINITY), potential.normBound(tol)); }

    @Override protected void constrain() {
        if (constrained) step.value().assign(NDArray.full(DType.F64, stepValue(Double.POSITIVE_INFINITY), 1).astype(step.dtype()));
    }

    @Override public String toString() {
        String kind = !constrained ? "Unconstrained" : negative ? (damping > 0 ? "Damped(" + damping + ")" : "Negative") : "Expansive";
        return kind + "Step(" + potential.operator() + ")";
    }
}
