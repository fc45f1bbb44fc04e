package org.odeon.ode;

/**
 * Implicit (backward) Euler, {@code y_{n+1} = y_n + h f(t_{n+1}, y_{n+1})}: order 1, L-stable, for
 * stiff problems such as semi-discretised PDEs (Burgers). Newton with the field's Jacobian.
 */
public final class ImplicitEuler extends ImplicitOneStage {

    /** Newton tolerance 1e-12, at most 50 iterations. */
    public ImplicitEuler() { this(1e-12, 50); }

    public ImplicitEuler(double newtonTolerance, int maxIterations) { super(1, newtonTolerance, maxIterations); }

    @Override public String name() { return "ImplicitEuler"; }

    @Override public int order() { return 1; }
}
