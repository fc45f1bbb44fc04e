package org.odeon.models.lipschitz;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Certified;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The convex potential {@code V(x) = Σᵢ γ((Ax + b)ᵢ)} with {@code γ' = σ}, whose gradient
 * {@code ∇V(x) = Aᵀσ(Ax + b)} drives the gradient steps. {@code A} is a dense map or a
 * convolution ({@link Operator}); its adjoint is then the transposed convolution.
 *
 * <p>Constraint (optional): {@code ‖A‖ ≤ r}. After each optimizer step {@link #constrain()} runs
 * one persistent power iteration ({@link PowerIteration}) and rescales {@code A ← A·r/σ̂} when
 * {@code σ̂ > r}. The estimate {@link #normEstimate()} is what step-size rules use during
 * training; certificates use {@link #normBound}, an upper bound.
 *
 * <p>Certificate of the gradient map: {@code ‖Aᵀ(σ(Au + b) − σ(Av + b))‖ ≤ ‖A‖·L_σ·‖A(u − v)‖}, so
 * {@code Lip(∇V) ≤ L_σ‖A‖²} with {@code L_σ} the activation's certificate.
 */
public final class Potential extends Module implements Certified {
    private final Operator op;
    private final Activation sigma;
    private final double maxNorm;
    private final Parameter weight, bias;
    private final PowerIteration power;

    /**
     * @param maxNorm the radius {@code r} of the constraint {@code ‖A‖ ≤ r}, or
     *                {@code Double.POSITIVE_INFINITY} for an unconstrained {@code A}
     */
    public Potential(Operator op, Activation sigma, double maxNorm, Init init, Rng rng) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("Potential: maxNorm must be positive (or infinite), got " + maxNorm);
        if (!sigma.monotone()) throw new IllegalArgumentException("Potential: σ must be monotone (the derivative of a convex γ), got " + sigma
                + " with slopes down to " + sigma.minSlope());
        this.op = op;
        this.sigma = sigma;
        this.maxNorm = maxNorm;
        weight = parameter("weight", init.draw(DType.F64, op.weightShape(), rng));
        bias = parameter("bias", NDArray.zeros(DType.F64, op.biasShape()));
        power = new PowerIteration(op, buffer("power_v", PowerIteration.start(op, rng.nextLong())), buffer("power_sigma", NDArray.scalar(0)));
        power.refresh(weight.value(), 30);
        constrain();
    }

    /** {@code ∇V(x) = Aᵀσ(Ax + b)}. */
    public Tensor gradient(Tensor x) {
        Tensor w = weight.tensor();
        return op.adjoint(sigma.apply(op.apply(x, w).add(bias.tensor())), w);
    }

    @Override public Tensor forward(Tensor x) { return gradient(x); }

    public Operator operator() { return op; }

    public Activation sigma() { return sigma; }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

    /** The current power-iteration estimate {@code σ̂ ≤ ‖A‖}. */
    public double normEstimate() { return power.estimate(); }

    /**
     * Refreshes the norm estimate by {@code iterations} power iterations without projecting: for a
     * copy of trained weights on another image size, whose weights must stay as trained.
     */
    public double refreshEstimate(int iterations) { return power.refresh(weight.value(), iterations); }

    /**
     * Rescales {@code A} so that its norm estimate (after {@code iterations} power iterations) is
     * {@code norm ≤ r}: an initialisation at a chosen strength rather than wherever the random draw
     * (or the projection onto the budget) left it. Returns the factor applied.
     */
    public double scaleTo(double norm, int iterations) {
        if (!(norm > 0 && norm <= maxNorm)) throw new IllegalArgumentException("Potential: initial norm must lie in (0, " + maxNorm + "], got " + norm);
        double s = power.refresh(weight.value(), iterations);
        if (s == 0) throw new IllegalArgumentException("Potential: cannot rescale a zero operator");
        double f = norm / s;
        weight.value().scaleInPlace(f);
        power.rescaled(f);
        return f;
    }

    /** An upper bound on {@code ‖A‖} (see {@link Operator#normBound}). */
    public double normBound(double tol) { return op.normBound(weight.value(), tol); }

    @Override public double lipschitzBound(double tol) {
        double s = normBound(tol);
        return sigma.lipschitzBound(tol) * s * s;
    }

    /** Refreshes the estimate by one power iteration and projects onto {@code ‖A‖ ≤ r}. */
    @Override protected void constrain() {
        double s = power.refresh(weight.value(), 1);
        if (s > maxNorm) {
            double f = maxNorm / s;
            weight.value().scaleInPlace(f);
            power.rescaled(f);
        }
    }

    @Override public String toString() { return "Potential(" + op + ", " + sigma + (Double.isFinite(maxNorm) ? ", ‖A‖ ≤ " + maxNorm : "") + ")"; }
}
