package org.odeon.models.lipschitz;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Certified;
import org.odeon.tensor.Rng;

/**
 * The adaptive block of "Designing Stable Neural Networks using Convex Analysis and ODEs": the
 * gradient flow {@code ẋ = −Aᵀσ(Ax + b)} integrated over a time {@code T} by {@code n} explicit
 * Euler steps {@code x ← x − (T/n)·Aᵀσ(Ax + b)} with
 * <pre>
 *   n = ⌈T·L_σ‖A‖²/(2α)⌉,   so that   h·L_σ‖A‖²/2 ≤ α,   h = T/n.
 * </pre>
 * {@code A} is left unconstrained; the number of steps grows with {@code ‖A‖} instead. With
 * {@code α = 1} each step is 1-Lipschitz (its certificate is {@code max(1, h·L_σ‖A‖² − 1)}). With
 * {@code α < 1} (the averaged variant) each step is also α-averaged: {@code ∇V} is
 * {@code 1/(L_σ‖A‖²)}-cocoercive (Baillon–Haddad), so {@code I − h∇V = (1 − α)I + α·N} with
 * {@code N} non-expansive, and the {@code n} steps compose to an {@code nα/(1 + (n − 1)α)}-averaged
 * map. {@code n} is chosen from the power-iteration estimate of {@code ‖A‖} times
 * {@link GradientStep#MARGIN}, and capped at {@code maxSteps}; the certificate is computed from an
 * upper bound on {@code ‖A‖}, so it stays honest if the estimate lagged.
 *
 * <p>A cap on {@code n} is a compute budget, and a flow that hits it is no longer certified. To keep
 * the guarantee under the budget, build the potential with {@code ‖A‖ ≤ }{@link #normBudget}: then
 * {@code A} moves freely (and {@code n} with it) until the budget is spent, and is rescaled only
 * beyond it — see {@link #budgeted}.
 */
public final class AdaptiveFlow extends Module implements Certified {
    private final Potential potential;
    private final double time, alpha;
    private final int maxSteps;

    public AdaptiveFlow(Potential potential, double time, double alpha, int maxSteps) {
        if (!(time > 0)) throw new IllegalArgumentException("AdaptiveFlow: time T must be positive, got " + time);
        if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException("AdaptiveFlow: α must lie in (0, 1], got " + alpha);
        if (maxSteps < 1) throw new IllegalArgumentException("AdaptiveFlow: maxSteps must be at least 1, got " + maxSteps);
        this.potential = child("potential", potential);
        this.time = time;
        this.alpha = alpha;
        this.maxSteps = maxSteps;
    }

    /**
     * A flow whose potential is constrained to {@code ‖A‖ ≤ }{@link #normBudget}, so that it never
     * needs more than {@code maxSteps} sub-steps and its certificate holds throughout training.
     */
    public static AdaptiveFlow budgeted(Operator op, Activation sigma, double time, double alpha, int maxSteps, Init init, Rng rng) {
        return new AdaptiveFlow(new Potential(op, sigma, normBudget(sigma, time, alpha, maxSteps), init, rng), time, alpha, maxSteps);
    }

    /**
     * The largest {@code ‖A‖} for which {@code maxSteps} sub-steps suffice:
     * {@code √(2α·maxSteps/(T·L_σ)) / MARGIN}, the margin covering the lag of the norm estimate.
     */
    public static double normBudget(Activation sigma, double time, double alpha, int maxSteps) {
        return Math.sqrt(2 * alpha * maxSteps / (time * sigma.maxSlope())) / GradientStep.MARGIN;
    }

    /** The non-expansive block ({@code α = 1}). */
    public AdaptiveFlow(Potential potential, double time) { this(potential, time, 1, 64); }

    public Potential potential() { return potential; }

    /** {@code n = ⌈T·L_σ‖A‖²/(2α)⌉} from the current estimate, at least 1 and at most {@code maxSteps}. */
    public int steps() {
        double s = potential.normEstimate() * GradientStep.MARGIN;
        double n = Math.ceil(time * potential.sigma().maxSlope() * s * s / (2 * alpha));
        return (int) Math.max(1, Math.min(maxSteps, n));
    }

    @Override public Tensor forward(Tensor x) {
        int n = steps();
        double h = time / n;
        for (int i = 0; i < n; i++) x = x.sub(potential.gradient(x).mul(h));
        return x;
    }

    @Override public double lipschitzBound(double tol) {
        int n = steps();
        double s = potential.normBound(tol), lam = potential.sigma().maxSlope() * s * s * time / n;
        return Math.pow(Math.max(1, lam - 1), n);
    }

    /**
     * A certified averagedness constant of the block: each step is {@code α'}-averaged with
     * {@code α' = h·L_σ‖A‖²/2} (from the upper bound on {@code ‖A‖}); the composition is
     * {@code nα'/(1 + (n − 1)α')}-averaged. Values ≥ 1 certify nothing.
     */
    public double averagedness(double tol) {
        int n = steps();
        double s = potential.normBound(tol), a = potential.sigma().maxSlope() * s * s * time / n / 2;
        return n * a / (1 + (n - 1) * a);
    }

    @Override public String toString() { return "AdaptiveFlow(T=" + time + ", α=" + alpha + ", " + potential.operator() + ")"; }
}
