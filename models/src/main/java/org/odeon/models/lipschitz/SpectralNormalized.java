package org.odeon.models.lipschitz;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.robust.Certified;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A norm-constrained affine map (lift, transition or head) by spectral normalisation:
 * <pre>
 *   y = A_{W̄}x + b,   W̄ = W·r / max(r, σ̂(W)),   σ̂(W) = ⟨u, A_W v⟩
 * </pre>
 * with {@code (u, v)} the top singular pair from a persistent power iteration, advanced once per
 * training forward pass and held fixed inside it, so {@code σ̂} is differentiable in {@code W}
 * (as in Miyato et al.). {@code A} is dense or a convolution with its actual padding and stride.
 * Certificate: {@code ‖A_{W̄}‖ = r·‖A_W‖/max(r, σ̂) ≤ r·‖A_W‖_ub/max(r, σ̂)}, which is
 * {@code r} up to the power iteration's lag. One iteration a step can lag behind the weights;
 * switching to evaluation mode iterates to convergence, so a trained model is certified at
 * {@code r} up to the bound's tolerance.
 */
public final class SpectralNormalized extends Module implements Certified {
    private final Operator op;
    private final double radius;
    private final Parameter weight, bias;
    private final PowerIteration power;

    public SpectralNormalized(Operator op, double radius, boolean withBias, Init init, Rng rng) {
        if (!(radius > 0)) throw new IllegalArgumentException("SpectralNormalized: radius must be positive, got " + radius);
        this.op = op;
        this.radius = radius;
        weight = parameter("weight", init.draw(DType.F64, op.weightShape(), rng));
        bias = withBias ? parameter("bias", NDArray.zeros(DType.F64, op.biasShape())) : null;
        power = new PowerIteration(op, rng.nextLong());
        power.refresh(weight.value(), 30);
    }

    /** {@code ‖A‖ ≤ 1}, with bias, orthogonal initial weight. */
    public SpectralNormalized(Operator op, Rng rng) { this(op, 1, true, Init.orthogonal(1), rng); }

    public Operator operator() { return op; }

    public Parameter weight() { return weight; }

    /** The normalised weight {@code W̄}. */
    public Tensor normalizedWeight() {
        Tensor w = weight.tensor();
        if (isTraining() && GradMode.isEnabled()) power.refresh(w.value(), 1);
        Tensor sigma = power.differentiable(w);
        double s = sigma.item();
        return s <= radius ? w : w.mul(radius).div(sigma);
    }

    @Override protected void modeChanged(boolean training) {
        if (!training) power.converge(weight.value(), 1e-10, 500);
    }

    @Override public Tensor forward(Tensor x) {
        Tensor y = op.apply(x, normalizedWeight());
        return bias == null ? y : y.add(bias.tensor());
    }

    @Override public double lipschitzBound(double tol) {
        double s;
        try (var ng = GradMode.off()) { s = power.differentiable(Tensor.constant(weight.value())).item(); }
        double norm = op.normBound(weight.value(), tol);
        return s <= radius ? norm : radius * norm / s;
    }

    @Override public String toString() { return "SpectralNormalized(" + op + ", ‖A‖ ≤ " + radius + ")"; }
}
