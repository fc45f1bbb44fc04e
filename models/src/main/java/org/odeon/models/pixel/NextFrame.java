package org.odeon.models.pixel;

import org.odeon.autograd.Tensor;

/**
 * A model of one time step on pixel data: {@code U_{k+1} = Φ(U_k)} on {@code [N, 1, n, n]} frames.
 * A rollout carries the norms of its first frame, so that a norm-preserving model rescales every
 * step to the norm it started from rather than to the (rounded) norm of its last output.
 */
public interface NextFrame {

    /** {@code Φ(u)}; {@code startNorm} ({@code [N]}, or null for ‖u‖ itself) is used only by norm-preserving models. */
    Tensor next(Tensor u, Tensor startNorm);
}
