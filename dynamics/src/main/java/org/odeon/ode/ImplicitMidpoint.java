package org.odeon.ode;

/**
 * The implicit midpoint rule, {@code y_{n+1} = y_n + h f(t_n + h/2, (y_n + y_{n+1})/2)}: order 2,
 * symmetric and symplectic for every Hamiltonian (separable or not), and it conserves all
 * quadratic invariants. Symplecticity holds up to the Newton tolerance, so keep it tight.
 */
public final class ImplicitMidpoint extends ImplicitOneStage {

    /** Newton tolerance 1e-14, at most 50 iterations. */
    public ImplicitMidpoint() { this(1e-14, 50); }

    public ImplicitMidpoint(double newtonTolerance, int maxIterations) { super(0.5, newtonTolerance, maxIterations); }

    @Override public String name() { return "ImplicitMidpoint"; }

    @Override public int order() { return 2; }
}
