package org.odeon.lie;

import org.odeon.ode.VectorField;

/**
 * A vector field on a homogeneous space written through the action, {@code y' = ξ(t, y)·y}
 * with {@code ξ : ℝ × M → 𝔤}; {@link #evaluate} must agree with
 * {@code space().infinitesimalAction(ξ(t, y), y)}. Lie-group integrators only need ξ.
 */
public interface LieVectorField extends VectorField {

    HomogeneousSpace space();

    /** Writes {@code ξ(t, y)} into {@code xi} (length {@code space().algebraDimension()}). */
    void generator(double t, double[] y, double[] xi);
}
