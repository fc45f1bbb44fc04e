package org.odeon.models.lipschitz;

import java.util.Arrays;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Buffer;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Certified;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A norm-constrained affine map (lift, transition or head) by spectral normalisation:
 * <pre>
 *   y = A_{W̄}x + b,   W̄ = W·r / max(r, s),
 *   s = σ̂(W) = ⟨u, A_W v⟩  in training,   s = ‖A_W‖_ub  in evaluation
 * </pre>
 * In training {@code (u, v)} is the top singular pair from a persistent power iteration, advanced
 * once per forward pass and held fixed inside it, so {@code σ̂} is differentiable in {@code W} (as in
 * Miyato et al.); it lags the weights a little. Switching to evaluation fixes {@code s} at the
 * certified upper bound {@link Operator#normBound}, so a trained layer is certified at exactly
 * {@code r}. {@code A} is dense or a convolution with its actual padding and stride.
 *
 * <p>The evaluation {@code s} is state: it is kept in the buffer {@code eval_norm} together with
 * {@code eval_key}, a fingerprint of the weights it was computed from, so a saved model carries
 * the exact scale it was evaluated with and a reloaded one reproduces its outputs bit for bit
 * without re-running the (seeded, matrix-free) bound. It is recomputed only when the weights no
 * longer match the fingerprint (after training, or when new weights are assigned).
 *
 * <p>Certificate: {@code ‖A_{W̄}‖ = r·‖A_W‖/max(r, s) ≤ r·‖A_W‖_ub/max(r, s)} with {@code s} the
 * scale actually applied (the stored one in evaluation) and {@code ‖A_W‖_ub} computed afresh from
 * the weights, so a tampered {@code eval_norm} changes the bound with the outputs and cannot make it lie.
 */
public final class SpectralNormalized extends Module implements Certified {
    private final Operator op;
    private final double radius;
    private final Parameter weight, bias;
    private final PowerIteration power;
    /** {@code s} in evaluation mode and the fingerprint of the weights it belongs to (an integer; {@link #NOT_COMPUTED} before the first evaluation). */
    private final Buffer evalNorm, evalKey;

    /** A key no fingerprint equals (they are integers), finite so that divergence checks on the state pass. */
    static final double NOT_COMPUTED = 0.5;

    /** Tolerance of the bound that normalises in evaluation mode. */
    static final double EVAL_TOL = 1e-3;

    public SpectralNormalized(Operator op, double radius, boolean withBias, Init init, Rng rng) {
        if (!(radius > 0)) throw new IllegalArgumentException("SpectralNormalized: radius must be positive, got " + radius);
        this.op = op;
        this.radius = radius;
        weight = parameter("weight", init.draw(DType.F64, op.weightShape(), rng));
        bias = withBias ? parameter("bias", NDArray.zeros(DType.F64, op.biasShape())) : null;
        power = new PowerIteration(op, buffer("power_v", PowerIteration.start(op, rng.nextLong())), buffer("power_sigma", NDArray.scalar(0)));
        power.refresh(weight.value(), 30);
        evalNorm = buffer("eval_norm", NDArray.scalar(0));
        evalKey = buffer("eval_key", NDArray.scalar(NOT_COMPUTED));
    }

    /** {@code ‖A‖ ≤ 1}, with bias, orthogonal initial weight. */
    public SpectralNormalized(Operator op, Rng rng) { this(op, 1, true, Init.orthogonal(1), rng); }

    public Operator operator() { return op; }

    public Parameter weight() { return weight; }

    /** The normalised weight {@code W̄}. */
    public Tensor normalizedWeight() {
        Tensor w = weight.tensor();
        if (!isTraining()) {
            double s = evaluationNorm();
            return s <= radius ? w : w.mul(radius / s);
        }
        if (GradMode.isEnabled()) power.refresh(w.value(), 1);
        Tensor sigma = power.differentiable(w);
        return sigma.item() <= radius ? w : w.mul(radius).div(sigma);
    }

    /**
     * The evaluation {@code s}: the stored one when it was computed for exactly these weights,
     * otherwise {@code ‖A_W‖_ub} at {@link #EVAL_TOL}, computed now and stored with the weights' fingerprint.
     */
    public double evaluationNorm() {
        double key = fingerprint(weight.value());
        if (evalKey.value().item() != key) {
            evalNorm.set(NDArray.scalar(op.normBound(weight.value(), EVAL_TOL)));
            evalKey.set(NDArray.scalar(key));
        }
        double s = evalNorm.value().item();
        if (!(s >= 0 && s < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("SpectralNormalized: buffer eval_norm must be a finite non-negative number, got " + s);
        return s;
    }

    /** A fingerprint of the weight values (an int, exact in a double). */
    static double fingerprint(NDArray w) { return Arrays.hashCode(w.data()); }

    /** Entering evaluation (or loading a state in it) settles {@code s} now rather than in the first forward pass. */
    @Override protected void modeChanged(boolean training) {
        if (!training) evaluationNorm();
    }

    @Override public Tensor forward(Tensor x) {
        Tensor y = op.apply(x, normalizedWeight());
        return bias == null ? y : y.add(bias.tensor());
    }

    @Override public double lipschitzBound(double tol) {
        double s;
        if (isTraining()) try (var ng = GradMode.off()) { s = power.differentiable(Tensor.constant(weight.value())).item(); }
        else s = evaluationNorm();
        double norm = op.normBound(weight.value(), tol);
        return s <= radius ? norm : radius * norm / s;
    }

    @Override public String toString() { return "SpectralNormalized(" + op + ", ‖A‖ ≤ " + radius + ")"; }
}
