package org.odeon.models.symplectic;

import java.util.List;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The training objectives for a time-continuous flow map {@code Φ_θ}:
 * <ul>
 * <li>unsupervised, for a known {@code H}: {@code L = mean ‖∂_t Φ_θ(z, t) − J∇H(Φ_θ(z, t))‖²}
 *     over random {@code (z, t)}; it vanishes iff {@code Φ_θ} solves Hamilton's equations;
 * <li>Hamiltonian matching: the same plus {@code w·mean (H_θ(Φ_θ(z, t), t) − H(Φ_θ(z, t)))²},
 *     comparing the model's own Hamiltonian ({@link SympFlow#evaluate}) with {@code H};
 * <li>supervised, from trajectory samples: {@code L = mean ‖Φ_θ(z₀, t) − z(t)‖²}.
 * </ul>
 * {@code ∂_t Φ_θ} is a Jacobian-vector product in the direction {@code ṫ = 1}
 * ({@link TimeFlow#flowAndVelocity}: forward mode through SympFlow's shears, the double-vjp
 * trick of {@link #timeDerivative} for any other model); all losses stay
 * differentiable in θ, so {@code loss.backward()} runs through derivatives of the networks.
 */
public final class FlowLosses {
    private FlowLosses() {}

    /** A batch of {@code n} states uniform in {@code [lo, hi]^{2d}} and times uniform in {@code [0, tMax]}. */
    public record Batch(Tensor z, Tensor t) {
        public static Batch uniform(int n, int dof, double lo, double hi, double tMax, Rng rng) {
            if (n < 1 || !(hi > lo) || !(tMax > 0))
                throw new IllegalArgumentException("Batch.uniform: need n ≥ 1, hi > lo, tMax > 0; got n=" + n + ", box=[" + lo + ", " + hi + "], tMax=" + tMax);
            return new Batch(Tensor.constant(rng.uniform(DType.F64, lo, hi, n, 2 * dof)),
                    Tensor.constant(rng.uniform(DType.F64, 0, tMax, n, 1)));
        }
    }

    /**
     * {@code ∂y/∂t} for {@code y = Φ(z, t)} computed from the leaf {@code t}, sample by sample
     * ({@code y_b} depends on {@code t_b} only). With {@code w ↦ (∂y/∂t)ᵀw} linear in {@code w},
     * differentiating {@code ⟨(∂y/∂t)ᵀw, 1⟩} in {@code w} gives {@code ∂y/∂t·1}.
     */
    public static Tensor timeDerivative(Tensor y, Tensor t) {
        Tensor w = Tensor.param(NDArray.zeros(y.dtype(), y.shape()));
        Tensor jtw = Autograd.grad(List.of(y), List.of(t), List.of(w), true).get(0);
        return Autograd.grad(List.of(jtw.sum()), List.of(w), null, true).get(0);
    }

    /** The unsupervised residual {@code mean ‖∂_t Φ − J∇H(Φ)‖²} (mean over batch and components). */
    public static Tensor unsupervised(TimeFlow model, KnownHamiltonian h, Batch batch) {
        Tensor[] yv = model.flowAndVelocity(batch.z(), batch.t());
        return residual(yv[0], yv[1], h);
    }

    /** {@link #unsupervised} plus {@code weight} times the Hamiltonian-matching term. */
    public static Tensor matching(SympFlow model, KnownHamiltonian h, Batch batch, double weight) {
        SympFlow.Evaluation e = model.evaluateWithVelocity(batch.z(), batch.t());
        Tensor gap = e.hamiltonian().sub(h.energy(e.state()));
        return residual(e.state(), e.velocity(), h).add(gap.square().mean().mul(weight));
    }

    /** {@code mean ‖Φ(z₀, t) − z(t)‖²} for trajectory samples. */
    public static Tensor supervised(TimeFlow model, Tensor z0, Tensor t, Tensor zt) {
        return model.flow(z0, t).sub(zt).square().mean();
    }

    private static Tensor residual(Tensor y, Tensor velocity, KnownHamiltonian h) {
        return velocity.sub(h.vectorField(y)).square().mean();
    }
}
