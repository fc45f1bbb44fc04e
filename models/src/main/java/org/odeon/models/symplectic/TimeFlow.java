package org.odeon.models.symplectic;

import org.odeon.autograd.Tensor;

/**
 * A learned, time-continuous flow map {@code z(t) = Φ(z₀, t)} on phase space {@code z = (q, p)}.
 * Batched: {@code z: [B, 2d]}, {@code t: [B, 1]}, one time per sample.
 */
public interface TimeFlow {

    /** Number of degrees of freedom {@code d}. */
    int degreesOfFreedom();

    /** {@code Φ(z, t)}, shape {@code [B, 2d]}. */
    Tensor flow(Tensor z, Tensor t);

    /**
     * {@code {Φ(z, t), ∂_tΦ(z, t)}}, both differentiable. By default {@code ∂_tΦ} comes from
     * reverse mode by the double-vjp trick ({@link FlowLosses#timeDerivative}); a model that can
     * carry the tangent forward in closed form overrides this.
     */
    default Tensor[] flowAndVelocity(Tensor z, Tensor t) {
        Tensor leaf = t.requiresGrad() ? t : Tensor.param(t.value());
        Tensor y = flow(z, leaf);
        return new Tensor[] {y, FlowLosses.timeDerivative(y, leaf)};
    }
}
