package org.odeon.ode;

/**
 * The right-hand side of an ordinary differential equation {@code y' = f(t, y)} on plain
 * {@code double[]} states.
 *
 * <p>Implementations write {@code f(t, y)} into {@code dydt} (same length as {@code y}, never
 * aliased with it) and must not allocate, so the fast integrators stay allocation-free per step.
 */
@FunctionalInterface
public interface VectorField {

    /** Writes {@code f(t, y)} into {@code dydt}. */
    void evaluate(double t, double[] y, double[] dydt);
}
