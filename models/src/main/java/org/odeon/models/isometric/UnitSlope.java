package org.odeon.models.isometric;

import org.odeon.autograd.Tensor;

/**
 * Element-wise activations with {@code |σ'(z)| = 1} wherever the derivative exists, so that
 * {@code diag σ'(z)} is a diagonal of signs: an orthogonal matrix.
 * <pre>
 *   ABS    σ(z) = |z|                                  slopes −1 | +1, kink at 0
 *   FOLD   σ(z) = 1 − |z − 1| = z (z ≤ 1), 2 − z (z > 1)   the half-line above 1 reflected back: slopes +1 | −1
 * </pre>
 */
public enum UnitSlope {
    ABS {
        @Override public Tensor apply(Tensor z) { return z.abs(); }
    },
    FOLD {
        @Override public Tensor apply(Tensor z) { return z.sub(1).abs().neg().add(1); }
    };

    public abstract Tensor apply(Tensor z);
}
