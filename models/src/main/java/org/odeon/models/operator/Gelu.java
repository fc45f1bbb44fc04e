package org.odeon.models.operator;

import org.odeon.autograd.Tensor;

/**
 * GELU as the operator layers use it. Until the engine's exact {@code x·Φ(x)} (which needs erf)
 * lands on main, this is the tanh form {@code ½x(1 + tanh(√(2/π)(x + 0.044715x³)))}, which differs
 * from the exact one by less than 5e-4 everywhere — an approximation, not the exact GELU.
 */
final class Gelu {
    private Gelu() {}

    static Tensor apply(Tensor x) {
        Tensor inner = x.add(x.mul(x.square()).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }
}
