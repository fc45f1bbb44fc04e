package org.odeon.models.operator;

import org.odeon.autograd.Tensor;

/**
 * GELU as the operator layers use it: the engine's exact {@code x·Φ(x)} (Φ the standard normal CDF,
 * through erf), not the tanh approximation. Its slope lies in {@code [−0.13, 1.13]}, so it is
 * {@link #LIPSCHITZ}-Lipschitz.
 */
final class Gelu {
    private Gelu() {}

    /** {@code max |gelu′| = gelu′(√2) = Φ(√2) + √2·φ(√2) ≈ 1.1289}, rounded up. */
    static final double LIPSCHITZ = 1.129;

    static Tensor apply(Tensor x) { return x.gelu(); }
}
