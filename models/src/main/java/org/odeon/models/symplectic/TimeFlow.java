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
}
