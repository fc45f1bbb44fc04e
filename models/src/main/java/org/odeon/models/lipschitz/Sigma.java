package org.odeon.models.lipschitz;

import org.odeon.autograd.Tensor;

/**
 * A monotone activation {@code σ} with slopes in {@code [0, L_σ]}: the derivative of a convex
 * {@code γ}, so {@code x ↦ Σ γ(Ax + b)} is a convex potential with gradient {@code Aᵀσ(Ax + b)}.
 * The difference quotients {@code (σ(u) − σ(v))/(u − v)} lie in {@code [0, L_σ]}, which is all the
 * step certificates use.
 */
public record Sigma(String name, double maxSlope, double leak) {
    public Sigma {
        if (!(leak >= 0 && leak <= 1)) throw new IllegalArgumentException("leak must lie in [0, 1] for a monotone 1-Lipschitz σ, got " + leak);
    }

    /** {@code max(u, 0)}: slopes in [0, 1]. */
    public static Sigma relu() { return new Sigma("ReLU", 1, 0); }

    /** {@code max(u, a·u)} with {@code 0 ≤ a ≤ 1}: slopes in [a, 1]. */
    public static Sigma leakyRelu(double a) { return new Sigma("LeakyReLU(" + a + ")", 1, a); }

    public Tensor apply(Tensor u) { return leak == 0 ? u.relu() : u.leakyRelu(leak); }

    @Override public String toString() { return name; }
}
