package org.odeon.lie;

/**
 * A manifold M on which a Lie group G acts, {@code (g, y) ↦ g·y}, described through its Lie
 * algebra {@code 𝔤 ≅ ℝᵏ}: the map {@code (ξ, y) ↦ exp(ξ)·y}, the infinitesimal action
 * {@code ξ·y = d/dt exp(tξ)·y |_{t=0}} and the bracket of 𝔤. Lie-group integrators only move a
 * point by {@code exp(ξ)·y}, so they stay on M (up to round-off) whatever the step size.
 *
 * <p>Points and algebra elements are slices of {@code double[]} given by offsets, so products
 * of spaces ({@link Product}) and allocation-free steppers can address blocks in place. Output
 * slices must not overlap input slices.
 */
public interface HomogeneousSpace {

    /** Dimension k of the Lie algebra. */
    int algebraDimension();

    /** Number of doubles that store a point of M (its ambient coordinates). */
    int pointDimension();

    /** {@code out = exp(ξ)·y}. */
    void expAct(double[] xi, int xo, double[] y, int yo, double[] out, int oo);

    /** {@code out = ξ·y}, the infinitesimal generator of ξ at y (a tangent vector at y). */
    void infinitesimalAction(double[] xi, int xo, double[] y, int yo, double[] out, int oo);

    /** {@code out = [a, b]}. */
    void bracket(double[] a, int ao, double[] b, int bo, double[] out, int oo);
}
